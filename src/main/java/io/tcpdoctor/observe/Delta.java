package io.tcpdoctor.observe;

import io.tcpdoctor.collect.KernelCounters;
import io.tcpdoctor.collect.KernelVersion;
import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.TimerKind;
import io.tcpdoctor.query.GroupKey;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What changed between two observations of one source: per-state and per-group changes and rates, kernel counter
 * deltas ({@code Tcp.ActiveOpens}, {@code TcpExt.TW}, {@code TcpExt.TWRecycled} ...), growth per process, and the
 * close rate. Without an earlier observation ({@code before == null}) nothing is sampled: changes are 0, rates NaN
 * or empty, and the close rate is estimated from TIME_WAIT ages, or from the TIME_WAIT count (Little's law).
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
        m.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
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

    /** Where a close rate came from, best first; {@link #id()} is the JSON value of {@code close_rate_source}. */
    public enum RateSource {
        /** Sampled: the namespace's TIME_WAIT entries counted by the kernel, shared out by socket tracking. */
        KERNEL_COUNTERS("kernel-counters", true),
        /** Sampled: TIME_WAIT 4-tuples that are new or whose timer restarted between the observations. */
        SOCKET_TRACKING("socket-tracking", true),
        /** One observation: TIME_WAIT sockets younger than a window (age = 60 s - timer left) / the window. */
        TIME_WAIT_AGES("time-wait-ages", false),
        /** One observation without timers: TIME_WAIT count / 60 s, a steady-state assumption. */
        LITTLES_LAW("littles-law", false);

        private final String id;
        private final boolean sampled;

        RateSource(String id, boolean sampled) {
            this.id = id;
            this.sampled = sampled;
        }

        /** The JSON value. */
        public String id() {
            return id;
        }

        /** True for a rate measured over a sample. */
        public boolean sampled() {
            return sampled;
        }
    }

    /**
     * A close rate and how it was obtained.
     *
     * @param window seconds the rate was measured over: the sample, the age window, or 60 for Little's law
     * @param timeWait the group's TIME_WAIT sockets now
     */
    public record CloseRate(double perSecond, RateSource from, double window, long timeWait) {
        /** True when measured over a sample. */
        public boolean measured() {
            return from.sampled();
        }

        /** The JSON value of {@code close_rate_source}. */
        public String source() {
            return from.id();
        }
    }

    /** Fewest TIME_WAIT sockets an age window must hold before its rate is trusted (about 7 % noise). */
    static final int MIN_AGED = 200;

    /** Fewest young TIME_WAIT sockets that make a burst in a small group (fewer: the 60 s average). */
    static final int MIN_BURST = 50;

    /** Age windows tried, shortest first: the shortest holding {@link #MIN_AGED} sockets gives the recent rate. */
    static final double[] AGE_WINDOWS = {1, 2, 5, 10, 20, 30, TIME_WAIT_SECONDS};

    /**
     * Connections of {@code group} closed per second through TIME_WAIT (the side that closed first), from the best
     * source at hand:
     * <ol>
     * <li>sampled, with kernel counters: the TIME_WAIT sockets the namespace created over the interval
     * ({@link #timeWaitEntered()}), times this group's share of the TIME_WAIT sockets seen entering;</li>
     * <li>sampled, without counters: those seen entering, i.e. new 4-tuples plus known 4-tuples whose timer
     * restarted because tcp_tw_reuse gave the port to a new connection that closed again;</li>
     * <li>one observation with timers: the TIME_WAIT sockets younger than the shortest window holding enough of
     * them, divided by it (age = 60 s - timer left). Young sockets dominate during a ramp, so this follows the
     * current rate instead of assuming a steady state; and TIME_WAIT sockets younger than the window cannot have
     * been taken over by tcp_tw_reuse yet unless the port range is tiny;</li>
     * <li>otherwise the TIME_WAIT count / 60 s (Little's law), which lags a ramp and undercounts when
     * tcp_tw_reuse takes ports over before 60 s.</li>
     * </ol>
     */
    public CloseRate closeRate(Predicate<SocketRecord> group) {
        if (!now.snapshot().hasRecords()) {
            // Totals only: no group can be told apart, the whole table's TIME_WAIT count is all there is.
            long tw = now.snapshot().counts().get(TcpState.TIME_WAIT);
            return new CloseRate((double) tw / TIME_WAIT_SECONDS, RateSource.LITTLES_LAW, TIME_WAIT_SECONDS, tw);
        }
        return closeRates(r -> group.test(r) ? Boolean.TRUE : null).get(Boolean.TRUE);
    }

    /** Close rates per group, and the rate of a group without any TIME_WAIT socket. */
    public record CloseRates<K>(Map<K, CloseRate> byGroup, CloseRate none) {
        /** The rate of one group ({@link #none()} when it has no TIME_WAIT socket and none entered). */
        public CloseRate get(K key) {
            return byGroup.getOrDefault(key, none);
        }
    }

    /** Per-group counts while walking the sockets once. */
    private static final class Tally {
        long timeWait;
        long fresh;
        boolean aged = true;
        final long[] younger = new long[AGE_WINDOWS.length];
    }

    /**
     * The tally of group {@code k}, added when new. Not {@code computeIfAbsent} with a lambda: the start-up caches are
     * recorded where no TIME_WAIT is held, so the JDK would write such a lambda's class at every run on the hosts
     * that have them, the ones this is for.
     */
    private static <K> Tally tally(Map<K, Tally> per, K k) {
        Tally t = per.get(k);
        if (t == null) {
            t = new Tally();
            per.put(k, t);
        }
        return t;
    }

    /**
     * {@link #closeRate} for every group at once, in one pass over the sockets: {@code keyOf} gives a TIME_WAIT
     * socket's group, or null for none. Same sources and arithmetic as {@link #closeRate}.
     */
    public <K> CloseRates<K> closeRates(Function<SocketRecord, K> keyOf) {
        Map<K, Tally> per = new HashMap<>();
        if (sampled() && now.snapshot().hasRecords() && before.snapshot().hasRecords()) {
            Map<Tuple, Long> seen = timeWaitTimers(before.snapshot().sockets());
            long elapsedMs = now.at().toEpochMilli() - before.at().toEpochMilli();
            long freshAll = 0;
            for (SocketRecord r : now.snapshot().sockets()) {
                if (r.state() != TcpState.TIME_WAIT) {
                    continue;
                }
                K k = keyOf.apply(r);
                Tally t = k == null ? null : tally(per, k);
                if (t != null) {
                    t.timeWait++;
                }
                if (enteredSince(r, seen, elapsedMs)) {
                    freshAll++;
                    if (t != null) {
                        t.fresh++;
                    }
                }
            }
            double s = seconds();
            OptionalLong entered = timeWaitEntered();
            Map<K, CloseRate> out = new HashMap<>();
            if (entered.isPresent() && freshAll > 0) {
                // The counters see every entry, also those that entered and left (reused again) within the
                // interval; tracking tells which part of them is each group's. The counters are read a little
                // after the sockets (owners come in between), so their own interval divides them.
                double perFresh = Math.max(0, entered.getAsLong()) / (double) freshAll / counterSeconds();
                per.forEach((k, t) -> out.put(k, new CloseRate(t.fresh * perFresh, RateSource.KERNEL_COUNTERS, s, t.timeWait)));
                return new CloseRates<>(out, new CloseRate(0, RateSource.KERNEL_COUNTERS, s, 0));
            }
            per.forEach((k, t) -> out.put(k, new CloseRate(t.fresh / s, RateSource.SOCKET_TRACKING, s, t.timeWait)));
            return new CloseRates<>(out, new CloseRate(0, RateSource.SOCKET_TRACKING, s, 0));
        }
        CloseRate none = new CloseRate(0, RateSource.LITTLES_LAW, TIME_WAIT_SECONDS, 0);
        if (!now.snapshot().hasRecords()) {
            return new CloseRates<>(Map.of(), none);
        }
        for (SocketRecord r : now.snapshot().sockets()) {
            if (r.state() != TcpState.TIME_WAIT) {
                continue;
            }
            K k = keyOf.apply(r);
            if (k == null) {
                continue;
            }
            Tally t = tally(per, k);
            t.timeWait++;
            double age = ageSeconds(r);
            if (Double.isNaN(age)) {
                t.aged = false;
                continue;
            }
            for (int i = 0; i < AGE_WINDOWS.length; i++) {
                if (age < AGE_WINDOWS[i]) {
                    t.younger[i]++;
                }
            }
        }
        Map<K, CloseRate> out = new HashMap<>();
        per.forEach((k, t) -> out.put(k, fromAges(t)));
        return new CloseRates<>(out, none);
    }

    /** Seconds between the two counter readings (the sample's seconds when their times are unknown). */
    public double counterSeconds() {
        KernelCounters a = before.host().counters();
        KernelCounters b = now.host().counters();
        if (a != null && b != null && a.takenAt() != null && b.takenAt() != null) {
            double cs = (b.takenAt().toEpochMilli() - a.takenAt().toEpochMilli()) / 1000.0;
            if (cs > 0) {
                return cs;
            }
        }
        return seconds();
    }

    private static CloseRate fromAges(Tally t) {
        if (t.aged) {
            // A window is trusted with MIN_AGED sockets, or with half of the group's (at least MIN_BURST) when
            // the group is small: 199 of 200 ports taken in the last second is a burst, not 3.3/s.
            long enough = Math.min(MIN_AGED, Math.max(MIN_BURST, (t.timeWait + 1) / 2));
            for (int i = 0; i < AGE_WINDOWS.length; i++) {
                if (t.younger[i] >= enough || i == AGE_WINDOWS.length - 1) {
                    return new CloseRate(t.younger[i] / AGE_WINDOWS[i], RateSource.TIME_WAIT_AGES, AGE_WINDOWS[i], t.timeWait);
                }
            }
        }
        return new CloseRate((double) t.timeWait / TIME_WAIT_SECONDS, RateSource.LITTLES_LAW, TIME_WAIT_SECONDS, t.timeWait);
    }

    /** The close rate of a group whose TIME_WAIT count is already known: Little's law when no socket rows exist. */
    public CloseRate closeRate(Predicate<SocketRecord> group, long timeWaitNow) {
        if (now.snapshot().hasRecords()) {
            return closeRate(group);
        }
        return new CloseRate((double) timeWaitNow / TIME_WAIT_SECONDS, RateSource.LITTLES_LAW, TIME_WAIT_SECONDS, timeWaitNow);
    }

    /**
     * Seconds since a TIME_WAIT socket entered TIME_WAIT: 60 s minus the time its timer has left (inet_diag
     * idiag_expires, /proc/net/tcp "when", ss -o "timewait,NNsec"); NaN when the timer is unknown.
     */
    public static double ageSeconds(SocketRecord r) {
        if (r.state() != TcpState.TIME_WAIT || r.timerMs() < 0 || r.timer() != TimerKind.TIMEWAIT) {
            return Double.NaN;
        }
        return Math.max(0, TIME_WAIT_SECONDS - r.timerMs() / 1000.0);
    }

    /**
     * TIME_WAIT sockets the namespace created over the sample, from TcpExt counters (they are per network
     * namespace, IPv4 and IPv6 together). What the counters count depends on the kernel:
     * <ul>
     * <li>5.18 and later: TW and TWKilled are counted when a timewait socket is scheduled, i.e. created
     * (net/ipv4/inet_timewait_sock.c {@code __inet_twsk_schedule}, "kill" when its timeout is at most 4 s;
     * commit "tcp/dccp: no longer use twsk_net(tw) from tw_timer_handler()", 5.18 (check)). Entered = dTW + dTWKilled.</li>
     * <li>before 5.18 they were counted when the timer fired (tw_timer_handler), and TWRecycled counts sockets
     * taken over by connect() (net/ipv4/inet_hashtables.c {@code __inet_check_established} after
     * {@code tcp_twsk_unique}): entered = left + growth = dTW + dTWKilled + dTWRecycled + dTIME_WAIT.</li>
     * </ul>
     * Both also count orphaned FIN_WAIT2 sockets handed to a timewait socket (tcp_time_wait with FIN_WAIT2): they
     * too are connections this host closed first. Empty when unsampled, without counters or kernel version.
     */
    public OptionalLong timeWaitEntered() {
        OptionalLong tw = counterDelta("TcpExt.TW");
        OptionalLong killed = counterDelta("TcpExt.TWKilled");
        KernelVersion k = now.host().kernel();
        if (!sampled() || tw.isEmpty() || killed.isEmpty() || k == null) {
            return OptionalLong.empty();
        }
        if (k.atLeast(5, 18)) {
            return OptionalLong.of(tw.getAsLong() + killed.getAsLong());
        }
        OptionalLong recycled = counterDelta("TcpExt.TWRecycled");
        if (recycled.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(tw.getAsLong() + killed.getAsLong() + recycled.getAsLong() + stateChange(TcpState.TIME_WAIT));
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
