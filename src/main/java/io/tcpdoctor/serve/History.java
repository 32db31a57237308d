package io.tcpdoctor.serve;

import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import java.time.Duration;

/**
 * The last hour of per-state counts and finding counts of one namespace, in a ring buffer sized once from the
 * sampling interval: memory does not grow however long the exporter runs.
 */
public final class History {
    /** How far back the dashboard looks. */
    public static final Duration SPAN = Duration.ofHours(1);

    private final int capacity;
    private final long[] at;
    private final long[] counts;
    private final int[] findings;
    private int next;
    private int size;

    /** A buffer holding one hour of samples taken every {@code interval}. */
    public History(Duration interval) {
        this.capacity = (int) Math.max(2, Math.min(36_000, Math.ceilDiv(SPAN.toMillis(), Math.max(1, interval.toMillis()))));
        this.at = new long[capacity];
        this.counts = new long[capacity * TcpState.count()];
        this.findings = new int[capacity];
    }

    /** Number of samples the buffer holds at most. */
    public int capacity() {
        return capacity;
    }

    /** Adds a sample, dropping the oldest when full. */
    public synchronized void add(long epochMillis, StateCounts c, int activeFindings) {
        at[next] = epochMillis;
        for (TcpState s : TcpState.all()) {
            counts[next * TcpState.count() + s.ordinal()] = c.get(s);
        }
        findings[next] = activeFindings;
        next = (next + 1) % capacity;
        size = Math.min(size + 1, capacity);
    }

    /** The samples oldest first: times in epoch milliseconds, counts per state ordinal, finding counts. */
    public record Window(long[] at, long[][] perState, int[] findings) {
    }

    /** A copy of the buffer, oldest sample first. */
    public synchronized Window window() {
        long[] t = new long[size];
        long[][] per = new long[TcpState.count()][size];
        int[] f = new int[size];
        int start = (next - size + capacity) % capacity;
        for (int i = 0; i < size; i++) {
            int k = (start + i) % capacity;
            t[i] = at[k];
            f[i] = findings[k];
            for (int s = 0; s < TcpState.count(); s++) {
                per[s][i] = counts[k * TcpState.count() + s];
            }
        }
        return new Window(t, per, f);
    }
}
