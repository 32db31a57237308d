package io.tcpdoctor.diagnose;

import java.util.HashMap;
import java.util.Map;

/**
 * A count per local port, including -1 (unknown) and 0: an array, so counting a million rows allocates nothing, made
 * at the first count (512 KB each, three per diagnosis: an empty table needs none).
 */
final class PortCounts {
    private long[] counts;
    /** Ports no parser should produce, kept anyway so nothing is lost. */
    private final Map<Integer, Long> odd = new HashMap<>();

    void add(int port) {
        if (port >= -1 && port <= 65_535) {
            if (counts == null) {
                counts = new long[65_537];
            }
            counts[port + 1]++;
        } else {
            odd.merge(port, 1L, Long::sum);
        }
    }

    long get(int port) {
        if (port >= -1 && port <= 65_535) {
            return counts == null ? 0 : counts[port + 1];
        }
        return odd.getOrDefault(port, 0L);
    }

    /** The sum over every port. */
    long total() {
        long t = 0;
        if (counts != null) {
            for (long c : counts) {
                t += c;
            }
        }
        for (long c : odd.values()) {
            t += c;
        }
        return t;
    }
}
