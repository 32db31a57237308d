package io.tcpdoctor.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** Socket counts per state, indexed by {@link TcpState#ordinal()}; the count-only hot path adds into it. */
public final class StateCounts {
    private final long[] counts = new long[TcpState.count()];

    /** Adds one socket in the given state. */
    public void add(TcpState s) {
        counts[s.ordinal()]++;
    }

    /** Adds n sockets in the given state. */
    public void add(TcpState s, long n) {
        counts[s.ordinal()] += n;
    }

    /** Adds n sockets in the state with the given ordinal. */
    public void addOrdinal(int ordinal, long n) {
        counts[ordinal] += n;
    }

    /** Adds every count of another table. */
    public void addAll(StateCounts other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
    }

    /** Count for one state. */
    public long get(TcpState s) {
        return counts[s.ordinal()];
    }

    /** Sum of all states. */
    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    /** Non-zero states in stable order. */
    public Map<TcpState, Long> nonZero() {
        Map<TcpState, Long> m = new LinkedHashMap<>();
        for (TcpState s : TcpState.all()) {
            if (counts[s.ordinal()] != 0) {
                m.put(s, counts[s.ordinal()]);
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return nonZero().toString();
    }
}
