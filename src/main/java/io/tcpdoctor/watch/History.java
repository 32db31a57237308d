package io.tcpdoctor.watch;

import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import java.time.Instant;

/** The last {@code capacity} counts per state, oldest first, for changes, rates and sparklines. */
final class History {
    private final int capacity;
    private final long[][] counts;
    private final long[] at;
    private int size;
    private int head;

    History(int capacity) {
        this.capacity = capacity;
        this.counts = new long[capacity][TcpState.count()];
        this.at = new long[capacity];
    }

    /** Appends one refresh, dropping the oldest when full. */
    void add(Instant when, StateCounts c) {
        int slot = (head + size) % capacity;
        if (size == capacity) {
            head = (head + 1) % capacity;
        } else {
            size++;
        }
        at[slot] = when.toEpochMilli();
        for (TcpState s : TcpState.all()) {
            counts[slot][s.ordinal()] = c.get(s);
        }
    }

    int size() {
        return size;
    }

    /** Count of a state {@code back} refreshes ago (0 = newest). */
    long get(TcpState s, int back) {
        return counts[(head + size - 1 - back) % capacity][s.ordinal()];
    }

    /** Change of a state since the previous refresh (0 before there is one). */
    long change(TcpState s) {
        return size < 2 ? 0 : get(s, 0) - get(s, 1);
    }

    /** Change of the total since the previous refresh. */
    long totalChange() {
        long d = 0;
        for (TcpState s : TcpState.all()) {
            d += change(s);
        }
        return d;
    }

    /** Seconds between the two newest refreshes, NaN before there are two. */
    double seconds() {
        if (size < 2) {
            return Double.NaN;
        }
        return (at[(head + size - 1) % capacity] - at[(head + size - 2) % capacity]) / 1000.0;
    }

    /** Change per second since the previous refresh, NaN before there are two refreshes. */
    double rate(TcpState s) {
        double sec = seconds();
        return sec > 0 ? change(s) / sec : Double.NaN;
    }

    /** True when the state was non-zero in any kept refresh: its row stays on screen while it is in the window. */
    boolean seen(TcpState s) {
        for (int i = 0; i < size; i++) {
            if (get(s, i) != 0) {
                return true;
            }
        }
        return false;
    }

    /** The newest {@code n} (or fewer) counts of a state, oldest first. */
    long[] series(TcpState s, int n) {
        int k = Math.min(n, size);
        long[] out = new long[k];
        for (int i = 0; i < k; i++) {
            out[i] = get(s, k - 1 - i);
        }
        return out;
    }
}
