package io.tcpdoctor.observe;

import io.tcpdoctor.collect.KernelCounters;
import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.query.GroupKey;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * What changed between two observations of one source: per-state and per-group changes and rates, kernel counter
 * deltas ({@code Tcp.ActiveOpens}, {@code TcpExt.TW}, {@code TcpExt.TWRecycled} ...), growth per process, and the
 * close rate. Without an earlier observation ({@code before == null}) nothing is sampled: changes are 0, rates NaN
 * or empty, and the close rate is estimated from the TIME_WAIT count (Little's law).
 */
public record Delta(Observation before, Observation now) {
    /** How long Linux keeps a socket in TIME_WAIT (TCP_TIMEWAIT_LEN, not tunable). */
    public static final int TIME_WAIT_SECONDS = 60;

    /**
     * Slack when telling a TIME_WAIT socket that was reused and closed again from the same one seen before: its
     * time left must have gone down by the interval; a restarted timer is at least a second fresher.
     */
    static final long TIMER_SLACK_MS = 500;

    /** A single observation: nothing to compare with. */
    public static Delta of(Observation now) {
        return new Delta(null, now);
    }

    /** Seconds between the observations, or NaN without an earlier one. */
    public double seconds() {
        if (before == null) {
            return Double.NaN;
        }
        return (now.at().toEpochMilli() - before.at().toEpochMilli()) / 1000.0;
    }

    /** True when there is an earlier observation, taken before this one. */
    public boolean sampled() {
        return before != null && seconds() > 0;
    }

    /** Change in the number of sockets in a state (0 without sampling). */
    public long stateChange(TcpState s) {
        return before == null ? 0 : now.snapshot().counts().get(s) - before.snapshot().counts().get(s);
    }

    /** Change per second in the number of sockets in a state, or NaN without sampling. */
    public double stateRate(TcpState s) {
        return sampled() ? stateChange(s) / seconds() : Double.NaN;
    }

    /** Increase of a kernel counter ({@code TcpExt.TW}) between the observations; empty when unsampled or unknown. */
    public OptionalLong counterDelta(String key) {
        if (before == null) {
            return OptionalLong.empty();
        }
        KernelCounters a = before.host().counters();
        KernelCounters b = now.host().counters();
        return a == null || b == null ? OptionalLong.empty() : b.delta(a, key);
    }

    /** Increase per second of a kernel counter; empty when unsampled or unknown. */
    public OptionalDouble counterRate(String key) {
        OptionalLong d = counterDelta(key);
        return d.isEmpty() || !sampled() ? OptionalDouble.empty() : OptionalDouble.of(d.getAsLong() / seconds());
    }

    /**
     * Change per group ({@code --by} key) of the sockets in {@code state} (null: every state), largest change
     * first; groups absent on one side count 0 there. Empty without sampling or without records.
     */
    public Map<String, Long> groupChange(GroupKey key, TcpState state) {
        if (before == null || !now.snapshot().hasRecords() || !before.snapshot().hasRecords()) {
            return Map.of();
        }
        Map<String, Long> m = new HashMap<>();
        for (SocketRecord r : now.snapshot().sockets()) {
            if (state == null || r.state() == state) {
                m.merge(key.keyOf(r), 1L, Long::sum);
            }
        }
        for (SocketRecord r : before.snapshot().sockets()) {
            if (state == null || r.state() == state) {
                m.merge(key.keyOf(r), -1L, Long::sum);
            }
        }
        return sortedByMagnitude(m);
    }

    /** Change per second per group, as {@link #groupChange}. */
    public Map<String, Double> groupRate(GroupKey key, TcpState state) {
        Map<String, Double> out = new LinkedHashMap<>();
        double s = seconds();
        groupChange(key, state).forEach((k, v) -> out.put(k, v / s));
        return out;
    }

    /** Growth per owning process of the sockets in {@code state}, largest first; empty without owners or sampling. */
    public Map<Owner, Long> growthPerProcess(TcpState state) {
        if (before == null || !now.snapshot().hasRecords() || !before.snapshot().hasRecords()) {
            return Map.of();
        }
        Map<Owner, Long> m = new HashMap<>();
        count(now.snapshot().sockets(), state, m, 1);
        count(before.snapshot().sockets(), state, m, -1);
        m.values().removeIf(v -> v == 0);
        Map<Owner, Long> out = new LinkedHashMap<>();
        m.entrySet().stream().sorted(Map.Entry.<Owner, Long>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static void count(List<SocketRecord> sockets, TcpState state, Map<Owner, Long> m, long sign) {
        for (SocketRecord r : sockets) {
            if (r.state() == state && r.owner() != null) {
                m.merge(r.owner(), sign, Long::sum);
            }
        }
    }

    /** A close rate and how it was obtained. */
    public record CloseRate(double perSecond, boolean measured) {
        /** {@code sample} or {@code estimate}: the JSON value of {@code close_rate_source}. */
        public String source() {
            return measured ? "sample" : "estimate";
        }
    }

    /**
     * Connections of {@code group} closed per second through TIME_WAIT. Sampled: the TIME_WAIT sockets that entered
     * TIME_WAIT between the observations (new 4-tuples, and known 4-tuples whose TIME_WAIT timer restarted because
     * tcp_tw_reuse gave the port to a new connection that has closed again) divided by the interval. Otherwise the
     * group's TIME_WAIT count / 60 s (Little's law), which undercounts when ports are reused before 60 s.
     */
    public CloseRate closeRate(Predicate<SocketRecord> group) {
        if (sampled() && now.snapshot().hasRecords() && before.snapshot().hasRecords()) {
            Map<Tuple, Long> seen = timeWaitTimers(before.snapshot().sockets());
            long elapsedMs = now.at().toEpochMilli() - before.at().toEpochMilli();
            long fresh = 0;
            for (SocketRecord r : now.snapshot().sockets()) {
                if (r.state() == TcpState.TIME_WAIT && group.test(r) && enteredSince(r, seen, elapsedMs)) {
                    fresh++;
                }
            }
            return new CloseRate(fresh / seconds(), true);
        }
        long tw = 0;
        if (now.snapshot().hasRecords()) {
            for (SocketRecord r : now.snapshot().sockets()) {
                if (r.state() == TcpState.TIME_WAIT && group.test(r)) {
                    tw++;
                }
            }
        } else {
            tw = now.snapshot().counts().get(TcpState.TIME_WAIT);
        }
        return new CloseRate((double) tw / TIME_WAIT_SECONDS, false);
    }

    /** The close rate of a group whose TIME_WAIT count is already known (no count over the sockets). */
    public CloseRate closeRate(Predicate<SocketRecord> group, long timeWaitNow) {
        if (sampled() && now.snapshot().hasRecords() && before.snapshot().hasRecords()) {
            return closeRate(group);
        }
        return new CloseRate((double) timeWaitNow / TIME_WAIT_SECONDS, false);
    }

    private static boolean enteredSince(SocketRecord r, Map<Tuple, Long> seen, long elapsedMs) {
        Long leftBefore = seen.get(new Tuple(r.local(), r.remote()));
        if (leftBefore == null) {
            return true;
        }
        // Timers unknown on either side: the same 4-tuple is taken to be the same TIME_WAIT socket.
        return leftBefore >= 0 && r.timerMs() >= 0 && r.timerMs() > leftBefore - elapsedMs + TIMER_SLACK_MS;
    }

    private static Map<Tuple, Long> timeWaitTimers(List<SocketRecord> sockets) {
        Map<Tuple, Long> m = new HashMap<>();
        for (SocketRecord r : sockets) {
            if (r.state() == TcpState.TIME_WAIT) {
                m.put(new Tuple(r.local(), r.remote()), r.timerMs());
            }
        }
        return m;
    }

    /** A connection's 4-tuple. */
    private record Tuple(Endpoint local, Endpoint remote) {
    }

    private static <K> Map<K, Long> sortedByMagnitude(Map<K, Long> m) {
        Map<K, Long> out = new LinkedHashMap<>();
        m.entrySet().stream().filter(e -> e.getValue() != 0)
                .sorted((a, b) -> Long.compare(Math.abs(b.getValue()), Math.abs(a.getValue())))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
