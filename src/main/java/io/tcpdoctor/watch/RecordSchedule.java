package io.tcpdoctor.watch;

/**
 * When to take the expensive read (every socket, owners, host facts, rules) instead of counts only. Per-state
 * counts are read on every refresh; records are re-read once the time since the last record read is at least
 * {@code 1 / budget} times what that read cost (and at least one interval). With the default 10 % budget a
 * record read of up to 100 ms (about 10k sockets, owners included) happens on every refresh at 1 s, and one of
 * 600 ms (about 100k sockets) every 6 s, so record reads stay near a tenth of one core whatever the size.
 */
final class RecordSchedule {
    /** Share of wall time record reads may use. */
    static final double DEFAULT_BUDGET = 0.10;

    private final double budget;
    private long lastStartNanos = Long.MIN_VALUE;
    private long lastCostNanos;

    RecordSchedule(double budget) {
        if (!(budget > 0 && budget <= 1)) {
            throw new IllegalArgumentException("budget must be in (0, 1]");
        }
        this.budget = budget;
    }

    /** True when a record read is due at {@code nowNanos} (a System.nanoTime value). */
    boolean due(long nowNanos) {
        if (lastStartNanos == Long.MIN_VALUE) {
            return true;
        }
        return nowNanos - lastStartNanos >= (long) (lastCostNanos / budget);
    }

    /** Notes a record read that started at {@code startNanos} and took {@code costNanos}. */
    void done(long startNanos, long costNanos) {
        // The first read loads and compiles the code it runs: its cost says little about the next ones.
        lastCostNanos = lastStartNanos == Long.MIN_VALUE ? 0 : costNanos;
        lastStartNanos = startNanos;
    }

    /** Seconds until the next record read is due, from {@code nowNanos}. */
    double secondsUntilDue(long nowNanos) {
        if (lastStartNanos == Long.MIN_VALUE) {
            return 0;
        }
        return Math.max(0, (lastStartNanos + (long) (lastCostNanos / budget) - nowNanos) / 1e9);
    }
}
