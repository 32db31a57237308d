package io.tcpdoctor.diagnose;

import java.util.HashMap;
import java.util.Map;

/** A count per local port, including -1 (unknown) and 0: an array, so counting a million rows allocates nothing. */
final class PortCounts {
    private final long[] counts = new long[65_537];
    /** Ports no parser should produce, kept anyway so nothing is lost. */
    private final Map<Integer, Long> odd = new HashMap<>();

    void add(int port) {
        if (port >= -1 && port <= 65_535) {
            counts[port + 1]++;
        } else {
            odd.merge(port, 1L, Long::sum);
        }
    }

    long get(int port) {
        return port >= -1 && port <= 65_535 ? counts[port + 1] : odd.getOrDefault(port, 0L);
    }

    /** The sum over every port. */
    long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        for (long c : odd.values()) {
            t += c;
        }
        return t;
    }
}
