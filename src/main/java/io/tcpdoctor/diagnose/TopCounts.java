package io.tcpdoctor.diagnose;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts per key (a peer address, a source) that stay bounded: at most {@link #CAP} keys are kept; when more appear,
 * the half with the smallest counts is dropped and remembered only as a number ({@link #cut()}). A key dropped and
 * seen again starts from zero, so only keys that were small when the cap was reached can be undercounted.
 */
public final class TopCounts {
    /** Keys kept per map (peers of one CLOSE_WAIT group, sources of one listener ...). */
    public static final int CAP = 10_000;

    private final Map<String, Long> counts = new HashMap<>();
    private final int cap;
    private long cut;

    public TopCounts() {
        this(CAP);
    }

    TopCounts(int cap) {
        this.cap = cap;
    }

    /** Counts one more for {@code key}. */
    public void add(String key) {
        Long had = counts.get(key);
        if (had == null && counts.size() >= cap) {
            cut += SocketIndex.prune(counts, Long::longValue);
        }
        counts.put(key, had == null ? 1L : had + 1);
    }

    /** The counts kept (read-only use). */
    public Map<String, Long> counts() {
        return counts;
    }

    /** Keys dropped to keep the map bounded (0 when it never reached the cap). */
    public long cut() {
        return cut;
    }

    /** True when nothing was counted. */
    public boolean isEmpty() {
        return counts.isEmpty();
    }
}
