package io.tcpdoctor.advise;

import io.tcpdoctor.collect.KernelCounters;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.i18n.Numbers;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.observe.Delta;
import io.tcpdoctor.observe.Facts;
import io.tcpdoctor.observe.HostFacts;
import io.tcpdoctor.ports.Destination;
import io.tcpdoctor.ports.PortRange;
import io.tcpdoctor.ports.PortUsage;
import io.tcpdoctor.sysctl.KnobCatalogue;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides which sysctl changes help one observed host. A change is proposed only to answer something observed (a
 * counter that grew, a table near its limit, ports running short, a risky value left by a copied tuning list), only
 * for knobs the kernel has, and only when it is stronger than the current value; never tcp_tw_recycle (removed in
 * 4.12, broken before). Knobs deliberately left alone are listed with the reason. Values come from the observation's
 * host facts (a capture's are what {@code --sysctl} gave, else documented defaults, each recorded as assumed).
 */
public final class Advisor {
    /** Port range proposed when outgoing connections press on a range at least as wide as the default. */
    static final long WIDE_LO = 15000;
    static final long WIDE_HI = 65000;
    /** Share of the usable ports one destination must hold before port advice is proposed (diagnose warns there too). */
    static final double PORT_PRESSURE = 0.5;
    /**
     * Share of the usable ports TIME_WAIT must hold to that destination before tcp_tw_reuse is proposed: reuse frees
     * only TIME_WAIT ports, so a destination short of ports because of ESTABLISHED connections gains nothing from it.
     */
    static final double TIME_WAIT_SHARE = 0.1;
    /** TIME_WAIT at this share of tcp_max_tw_buckets is near the limit (as in diagnose's time-wait-bucket-overflow). */
    static final double BUCKETS_NEAR = 0.9;
    /** Headroom over the steady-state TIME_WAIT count (close rate x 60 s) when sizing tcp_max_tw_buckets. */
    static final int BUCKETS_HEADROOM = 2;
    /** somaxconn proposed to a host whose listeners overflow while capped by it: the default since Linux 5.4. */
    static final long SOMAXCONN = 4096;
    /** Destinations checked for port pressure, busiest first: each costs a pass over the sockets when sampled. */
    static final int DESTINATIONS_CHECKED = 3;

    /** Every knob tune can propose. Each proposal is checked to be stronger than the current value. */
    public static final List<String> PROPOSABLE = List.of(KnobCatalogue.SYN_RETRIES, KnobCatalogue.SYNACK_RETRIES,
            KnobCatalogue.KEEPALIVE_PROBES, KnobCatalogue.SYNCOOKIES, KnobCatalogue.TIMESTAMPS,
            KnobCatalogue.MAX_TW_BUCKETS, KnobCatalogue.SOMAXCONN, KnobCatalogue.TW_REUSE, KnobCatalogue.PORT_RANGE,
            KnobCatalogue.RESERVED_PORTS);

    private final Facts facts;
    private final Messages msg;

    public Advisor(Facts facts, Messages msg) {
        this.facts = facts;
        this.msg = msg;
    }

    /** What tune prints: the changes, the knobs deliberately left alone, and notes. */
    public record Advice(List<Change> changes, List<Skip> skipped, List<String> notes) {
        /** True when no change would help. */
        public boolean nothingToFix() {
            return changes.isEmpty();
        }
    }

    /** A knob tune looked at and left alone: its current value and why it is not proposed. */
    public record Skip(String key, String current, String reason) {
    }

    /** The TIME_WAIT pressure of one destination: now, and at steady state for its close rate (rate x 60 s). */
    record Pressure(PortUsage.Use use, boolean reuseCovers, Delta.CloseRate rate, long timeWait, long portsInUse) {
        boolean pressing(int usable) {
            return portsInUse >= PORT_PRESSURE * usable && timeWait >= TIME_WAIT_SHARE * usable;
        }
    }

    /**
     * The advice for a role, from one observation or a sampled pair ({@code delta}) seen through {@code usage}
     * (outgoing connections per destination against the usable range).
     */
    public Advice advise(Role role, Delta delta, PortUsage usage) {
        List<Change> out = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        // Risky values left by copied tuning lists: back to the documented defaults, whatever the role.
        below(out, skipped, KnobCatalogue.SYN_RETRIES, 3, "6", "tune.reason.syn_retries", "risky-value");
        below(out, skipped, KnobCatalogue.SYNACK_RETRIES, 2, "5", "tune.reason.synack_retries", "risky-value");
        below(out, skipped, KnobCatalogue.KEEPALIVE_PROBES, 3, "9", "tune.reason.keepalive_probes", "risky-value");
        below(out, skipped, KnobCatalogue.SYNCOOKIES, 1, "1", "tune.reason.syncookies", "risky-value");
        below(out, skipped, KnobCatalogue.TIMESTAMPS, 1, "1", "tune.reason.timestamps", "timestamps-off");
        twBuckets(out, skipped, delta);
        acceptQueue(out, skipped, notes, role, delta);
        synBacklog(skipped, delta);
        List<Pressure> pressures = pressures(delta, usage);
        twReuse(out, skipped, role, usage, pressures);
        portRange(out, skipped, usage, pressures);
        if (value(KnobCatalogue.TW_RECYCLE).orElse(0L) != 0) {
            notes.add(msg.get("tune.note.recycle_on"));
        }
        notes.add(msg.get("tune.note.time_wait_fixed"));
        return new Advice(List.copyOf(out), List.copyOf(skipped), List.copyOf(notes));
    }

    // ---- tcp_max_tw_buckets

    /**
     * Proposed only when TIME_WAIT is near the limit or TCPTimeWaitOverflow grew during the sample, and sized to the
     * close rate: steady-state TIME_WAIT = closes/s x 60 s (TCP_TIMEWAIT_LEN, FACTS.md), times {@link #BUCKETS_HEADROOM}.
     * Closes that overflowed never entered TIME_WAIT, so the measured rate is TIME_WAIT entries plus overflows.
     */
    private void twBuckets(List<Change> out, List<Skip> skipped, Delta delta) {
        Optional<Long> max = value(KnobCatalogue.MAX_TW_BUCKETS);
        if (max.isEmpty()) {
            return;
        }
        long tw = delta.now().snapshot().counts().get(TcpState.TIME_WAIT);
        OptionalLong grew = delta.sampled() ? delta.counterDelta("TcpExt.TCPTimeWaitOverflow") : OptionalLong.empty();
        long sinceBoot = counter(delta.now().host().counters(), "TcpExt.TCPTimeWaitOverflow");
        boolean overflowing = grew.isPresent() && grew.getAsLong() > 0;
        boolean near = max.get() > 0 && tw >= BUCKETS_NEAR * max.get();
        String cur = String.valueOf(max.get());
        if (!overflowing && !near) {
            if (sinceBoot > 0 && (!delta.sampled() || grew.isPresent())) {
                skipped.add(new Skip(KnobCatalogue.MAX_TW_BUCKETS, cur, msg.get(delta.sampled()
                        ? "tune.skip.max_tw_buckets.not_now" : "tune.skip.max_tw_buckets.past",
                        String.valueOf(sinceBoot), String.valueOf(tw), cur, sampleText(delta))));
            }
            return;
        }
        Delta.CloseRate entered = delta.closeRate(r -> true, tw);
        if (!entered.measured() && (tw >= max.get() || sinceBoot > 0)) {
            // A full table caps the TIME_WAIT count, so an estimate from it is only a lower bound: a limit sized from it
            // would still overflow (20000 -> 40000 at 1000 closes/s). Better no number than a wrong one.
            long floor = roundUp((long) Math.ceil(entered.perSecond() * Delta.TIME_WAIT_SECONDS - 1e-6) * BUCKETS_HEADROOM);
            skipped.add(new Skip(KnobCatalogue.MAX_TW_BUCKETS, cur, msg.get("tune.skip.max_tw_buckets.full",
                    String.valueOf(tw), cur, String.valueOf(sinceBoot), fmt1(entered.perSecond()), String.valueOf(floor))));
            return;
        }
        OptionalDouble overflowRate = delta.sampled() ? delta.counterRate("TcpExt.TCPTimeWaitOverflow") : OptionalDouble.empty();
        double rate = entered.perSecond() + overflowRate.orElse(0);
        // The epsilon keeps a rate computed as count / 60 from rounding up past the count it came from.
        long steady = (long) Math.ceil(rate * Delta.TIME_WAIT_SECONDS - 1e-6);
        long sized = roundUp(steady * BUCKETS_HEADROOM);
        // An overflow during the sample proves the limit too small at its peak, whatever the average rate says.
        long proposal = overflowing ? Math.max(sized, roundUp(max.get() * 2)) : sized;
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("time_wait", tw);
        ev.put("tcp_max_tw_buckets", max.get());
        if (grew.isPresent()) {
            ev.put("tw_overflow_delta", grew.getAsLong());
        }
        ev.put("tw_overflow_since_boot", sinceBoot);
        ev.put("sample_seconds", delta.sampled() ? round1(delta.seconds()) : null);
        ev.put("close_rate_per_s", round1(rate));
        ev.put("close_rate_source", entered.source());
        ev.put("close_rate_measured", entered.measured());
        ev.put("entered_time_wait_per_s", round1(entered.perSecond()));
        ev.put("overflow_per_s", overflowRate.isPresent() ? round1(overflowRate.getAsDouble()) : null);
        ev.put("steady_state_time_wait", steady);
        ev.put("headroom", BUCKETS_HEADROOM);
        String reason;
        if (entered.measured()) {
            reason = msg.get("tune.reason.max_tw_buckets.measured", fmt1(delta.seconds()), fmt1(rate),
                    fmt1(entered.perSecond()), fmt1(overflowRate.orElse(0)), String.valueOf(grew.orElse(0)),
                    String.valueOf(steady), String.valueOf(proposal), String.valueOf(tw), cur);
        } else {
            reason = msg.get("tune.reason.max_tw_buckets.estimated", String.valueOf(tw), cur,
                    sinceBoot > 0 ? msg.get("tune.reason.max_tw_buckets.since_boot", String.valueOf(sinceBoot)) : "",
                    fmt1(rate), String.valueOf(steady), String.valueOf(proposal));
        }
        if (proposal <= max.get()) {
            skipped.add(new Skip(KnobCatalogue.MAX_TW_BUCKETS, cur, msg.get("tune.skip.max_tw_buckets.enough",
                    fmt1(rate), String.valueOf(sized), cur)));
            return;
        }
        propose(out, skipped, KnobCatalogue.MAX_TW_BUCKETS, String.valueOf(proposal), reason, "time-wait-bucket-overflow", ev);
    }

    /** Rounds up to two significant digits (37920 -> 38000), so the proposal reads as the estimate it is. */
    static long roundUp(long v) {
        if (v < 100) {
            return Math.max(v, 1);
        }
        long p = 1;
        while (v / p >= 100) {
            p *= 10;
        }
        return Math.ceilDiv(v, p) * p;
    }

    // ---- accept queue: somaxconn

    /**
     * somaxconn caps every listen() backlog. It is proposed only when an accept queue overflowed (ListenOverflows grew,
     * or since boot without a sample) and a listener's backlog is capped by it; raised only below {@link #SOMAXCONN}.
     */
    private void acceptQueue(List<Change> out, List<Skip> skipped, List<String> notes, Role role, Delta delta) {
        Optional<Long> somax = value(KnobCatalogue.SOMAXCONN);
        if (somax.isEmpty()) {
            return;
        }
        long overflows = delta.sampled() ? delta.counterDelta("TcpExt.ListenOverflows").orElse(0)
                : counter(delta.now().host().counters(), "TcpExt.ListenOverflows");
        String counted = delta.sampled() ? msg.get("tune.counted.sample", String.valueOf(overflows), fmt1(delta.seconds()))
                : msg.get("tune.counted.boot", String.valueOf(overflows));
        List<SocketRecord> listeners = new ArrayList<>();
        if (delta.now().snapshot().hasRecords()) {
            for (SocketRecord r : delta.now().snapshot().sockets()) {
                if (r.state() == TcpState.LISTEN && r.sendQ() > 0) {
                    listeners.add(r);
                }
            }
        }
        String cur = String.valueOf(somax.get());
        SocketRecord capped = listeners.stream().filter(r -> r.sendQ() >= somax.get())
                .max((a, b) -> Long.compare(a.recvQ(), b.recvQ())).orElse(null);
        boolean fullNow = capped != null && capped.recvQ() >= 0.8 * capped.sendQ();
        if (overflows == 0 && !fullNow) {
            if (role.accepts() && somax.get() < SOMAXCONN) {
                skipped.add(new Skip(KnobCatalogue.SOMAXCONN, cur, msg.get("tune.skip.somaxconn.quiet", counted)));
            }
            return;
        }
        if (somax.get() >= SOMAXCONN) {
            if (overflows > 0) {
                notes.add(msg.get("tune.note.listen_overflows", counted, cur));
            }
            return;
        }
        if (capped == null && !listeners.isEmpty()) {
            long asked = listeners.stream().mapToLong(SocketRecord::sendQ).max().orElse(0);
            skipped.add(new Skip(KnobCatalogue.SOMAXCONN, cur, msg.get("tune.skip.somaxconn.small_backlog", counted,
                    String.valueOf(asked), cur)));
            return;
        }
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("listen_overflows", overflows);
        ev.put("counted", delta.sampled() ? "sample" : "since_boot");
        ev.put("sample_seconds", delta.sampled() ? round1(delta.seconds()) : null);
        ev.put("somaxconn", somax.get());
        if (capped != null) {
            ev.put("listen", capped.local().toString());
            ev.put("recv_q", capped.recvQ());
            ev.put("send_q", capped.sendQ());
        }
        String where = capped == null ? msg.get("tune.reason.somaxconn.no_listener")
                : msg.get("tune.reason.somaxconn.listener", capped.local().toString(), String.valueOf(capped.recvQ()),
                        String.valueOf(capped.sendQ()));
        propose(out, skipped, KnobCatalogue.SOMAXCONN, String.valueOf(SOMAXCONN),
                msg.get("tune.reason.somaxconn", counted, where, cur), "accept-queue-overflow", ev);
    }

    // ---- SYN queue: tcp_max_syn_backlog is never the fix

    /**
     * Since 4.4 a listener's SYN queue limit is its accept backlog (inet_csk_reqsk_queue_is_full()); tcp_max_syn_backlog
     * is read only with tcp_syncookies=0 (tcp_conn_request() in net/ipv4/tcp_input.c), and tcp_syncookies=0 is itself
     * proposed back to 1. So it is never proposed; with signs of a full SYN queue the reason is said.
     */
    private void synBacklog(List<Skip> skipped, Delta delta) {
        Optional<Long> backlog = value(KnobCatalogue.MAX_SYN_BACKLOG);
        if (backlog.isEmpty()) {
            return;
        }
        KernelCounters c = delta.now().host().counters();
        long drops = delta.sampled() ? delta.counterDelta("TcpExt.TCPReqQFullDrop").orElse(0)
                + delta.counterDelta("TcpExt.ListenDrops").orElse(0)
                : counter(c, "TcpExt.TCPReqQFullDrop") + counter(c, "TcpExt.ListenDrops");
        if (drops > 0) {
            skipped.add(new Skip(KnobCatalogue.MAX_SYN_BACKLOG, String.valueOf(backlog.get()), msg.get(
                    value(KnobCatalogue.SYNCOOKIES).orElse(1L) == 0 ? "tune.skip.max_syn_backlog.cookies_off"
                            : "tune.skip.max_syn_backlog", String.valueOf(drops))));
        }
    }

    // ---- ephemeral ports: tcp_tw_reuse, ip_local_port_range, ip_local_reserved_ports

    /** The busiest destinations' pressure, now and at steady state for their close rate, busiest first. */
    private List<Pressure> pressures(Delta delta, PortUsage usage) {
        long reuse = value(KnobCatalogue.TW_REUSE).orElse(-1L);
        List<Pressure> out = new ArrayList<>();
        List<PortUsage.Use> top = usage.destinations().stream()
                .sorted((a, b) -> Long.compare(b.portsInUse(), a.portsInUse())).limit(DESTINATIONS_CHECKED).toList();
        for (PortUsage.Use u : top) {
            Destination d = u.destination();
            Delta.CloseRate rate = delta.closeRate(r -> usage.outgoing(r) && r.remote().equals(d.remote())
                    && Destination.of(r).equals(d), u.timeWait());
            long tw = Math.max(u.timeWait(), Math.round(rate.perSecond() * Delta.TIME_WAIT_SECONDS));
            long inUse = u.portsInUse() - Math.min(u.portsInUse(), u.timeWait()) + tw;
            boolean loopback = loopback(u.sample().remote().address()) || loopback(u.sample().local().address());
            // tcp_tw_reuse=2 (4.20+) covers connections with a loopback source or destination (tcp_twsk_unique()).
            boolean covers = reuse == 1 || reuse == 2 && loopback;
            out.add(new Pressure(u, covers, rate, tw, inUse));
        }
        out.sort((a, b) -> Long.compare(b.portsInUse(), a.portsInUse()));
        return out;
    }

    private static boolean loopback(InetAddress a) {
        return a != null && a.isLoopbackAddress();
    }

    /**
     * tcp_tw_reuse lets connect() take over a TIME_WAIT port (outgoing connections only, timestamps needed): proposed
     * only when TIME_WAIT holds a destination's ports and the current value does not already cover that destination.
     */
    private void twReuse(List<Change> out, List<Skip> skipped, Role role, PortUsage usage, List<Pressure> pressures) {
        Optional<Long> reuse = value(KnobCatalogue.TW_REUSE);
        if (reuse.isEmpty() || reuse.get() == 1) {
            return;
        }
        String cur = String.valueOf(reuse.get());
        if (usage.outgoing() == 0) {
            skipped.add(new Skip(KnobCatalogue.TW_REUSE, cur, msg.get(role.accepts() ? "tune.skip.tw_reuse.server"
                    : "tune.skip.tw_reuse.no_outgoing")));
            return;
        }
        int usable = usage.range().usable();
        Optional<Pressure> uncovered = pressures.stream().filter(p -> p.pressing(usable) && !p.reuseCovers()).findFirst();
        if (uncovered.isEmpty()) {
            List<Pressure> covered = pressures.stream().filter(p -> p.pressing(usable)).toList();
            if (!covered.isEmpty()) {
                skipped.add(new Skip(KnobCatalogue.TW_REUSE, cur, msg.get("tune.skip.tw_reuse.loopback",
                        covered.getFirst().use().destination().text())));
            } else {
                Pressure b = pressures.getFirst();
                skipped.add(new Skip(KnobCatalogue.TW_REUSE, cur, msg.get("tune.skip.tw_reuse.no_pressure",
                        b.use().destination().text(), String.valueOf(b.use().portsInUse()), String.valueOf(b.use().timeWait()),
                        String.valueOf(usable), pct(b.use().portsInUse(), usable), pct(PORT_PRESSURE),
                        pct(TIME_WAIT_SHARE))));
            }
            return;
        }
        Pressure p = uncovered.get();
        long ts = value(KnobCatalogue.TIMESTAMPS).orElse(1L);
        Map<String, Object> ev = portEvidence(p, usable);
        ev.put("tcp_tw_reuse", reuse.get());
        ev.put("tcp_timestamps", ts);
        String reason = msg.get("tune.reason.tw_reuse", pressureText(p, usable))
                + (reuse.get() == 2 ? " " + msg.get("tune.reason.tw_reuse.not_loopback") : "");
        propose(out, skipped, KnobCatalogue.TW_REUSE, "1", reason, "time-wait-port-exhaustion", ev);
    }

    /** A wider range, proposed only when one destination holds half the usable ports (now or at steady state). */
    private void portRange(List<Change> out, List<Skip> skipped, PortUsage usage, List<Pressure> pressures) {
        Optional<String> text = facts.knob(KnobCatalogue.PORT_RANGE);
        long[] range = HostFacts.longs(text.orElse(null));
        if (range == null || range.length != 2 || pressures.isEmpty()) {
            return;
        }
        int usable = usage.range().usable();
        Pressure p = pressures.getFirst();
        if (p.portsInUse() < PORT_PRESSURE * usable) {
            return;
        }
        long lo = range[0];
        long hi = range[1];
        boolean narrow = hi - lo + 1 < PortRange.DEFAULT.high() - PortRange.DEFAULT.low() + 1;
        long newLo = Math.min(lo, narrow ? PortRange.DEFAULT.low() : WIDE_LO);
        long newHi = Math.max(hi, narrow ? PortRange.DEFAULT.high() : WIDE_HI);
        String cur = lo + " " + hi;
        if (newLo == lo && newHi == hi) {
            skipped.add(new Skip(KnobCatalogue.PORT_RANGE, cur, msg.get("tune.skip.port_range.wide", cur,
                    String.valueOf(p.portsInUse()), p.use().destination().text())));
            return;
        }
        Map<String, Object> ev = portEvidence(p, usable);
        String reason = msg.get(narrow ? "tune.reason.port_range_default" : "tune.reason.port_range_wide",
                pressureText(p, usable), String.valueOf(hi - lo + 1));
        if (!propose(out, skipped, KnobCatalogue.PORT_RANGE, newLo + " " + newHi, reason, "time-wait-port-exhaustion", ev)) {
            return;
        }
        // Listeners inside the new part of the range must be protected from automatic assignment.
        Optional<String> reserved = facts.known(KnobCatalogue.RESERVED_PORTS);
        if (reserved.isEmpty()) {
            return;
        }
        BitSet already = ports(reserved.get());
        Set<Integer> newly = new TreeSet<>();
        for (int port : usage.listeningPorts()) {
            boolean inNew = port >= newLo && port <= newHi;
            boolean inOld = port >= lo && port <= hi;
            if (inNew && !inOld && !already.get(port)) {
                newly.add(port);
            }
        }
        if (!newly.isEmpty()) {
            StringBuilder v = new StringBuilder(reserved.get().isBlank() ? "" : reserved.get().strip());
            for (int port : newly) {
                v.append(v.isEmpty() ? "" : ",").append(port);
            }
            Map<String, Object> rev = new LinkedHashMap<>();
            rev.put("listening_ports_in_new_range", List.copyOf(newly));
            rev.put("new_port_range", newLo + " " + newHi);
            propose(out, skipped, KnobCatalogue.RESERVED_PORTS, v.toString(), msg.get("tune.reason.reserved_ports",
                    newly.toString()), "time-wait-port-exhaustion", rev);
        }
    }

    private Map<String, Object> portEvidence(Pressure p, int usable) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("destination", p.use().destination().text());
        ev.put("ports_in_use", p.use().portsInUse());
        ev.put("time_wait", p.use().timeWait());
        ev.put("usable_ports", usable);
        ev.put("port_usage_pct", round1(100.0 * p.use().portsInUse() / Math.max(1, usable)));
        ev.put("close_rate_per_s", round1(p.rate().perSecond()));
        ev.put("close_rate_source", p.rate().source());
        ev.put("close_rate_measured", p.rate().measured());
        ev.put("steady_state_ports", p.portsInUse());
        return ev;
    }

    private String pressureText(Pressure p, int usable) {
        return msg.get("tune.pressure", p.use().destination().text(), String.valueOf(p.use().portsInUse()),
                String.valueOf(p.use().timeWait()), String.valueOf(usable), pct(p.use().portsInUse(), usable),
                fmt1(p.rate().perSecond()), msg.get(p.rate().measured() ? "tune.rate.measured" : "tune.rate.estimated"),
                String.valueOf(p.portsInUse()));
    }

    // ---- shared

    private void below(List<Change> out, List<Skip> skipped, String key, long min, String recommended, String reasonKey,
            String finding) {
        Optional<Long> v = value(key);
        if (v.isPresent() && v.get() < min) {
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put(key.substring(key.lastIndexOf('.') + 1), v.get());
            propose(out, skipped, key, recommended, msg.get(reasonKey, String.valueOf(v.get())), finding, ev);
        }
    }

    /**
     * Adds a change unless it would not strengthen the current value (equal or weaker: a safety net under every rule
     * above); then the knob is listed as skipped. Returns true when proposed.
     */
    private boolean propose(List<Change> out, List<Skip> skipped, String key, String recommended, String reason,
            String finding, Map<String, Object> evidence) {
        String cur = facts.knob(key).orElse("?");
        if (!stronger(key, cur, recommended)) {
            skipped.add(new Skip(key, cur, msg.get("tune.skip.already", recommended)));
            return false;
        }
        out.add(new Change(key, cur, recommended, reason, finding, evidence));
        return true;
    }

    /**
     * True when {@code proposed} is stronger than {@code current} for this knob: higher for counts and limits, a
     * strictly wider port range, a strict superset of reserved ports, and for tcp_tw_reuse 0 &lt; 2 (loopback only)
     * &lt; 1 (all outgoing connections). An unknown current value ({@code ?}) compares as weaker than anything.
     */
    public static boolean stronger(String key, String current, String proposed) {
        if (current == null || current.isBlank() && !KnobCatalogue.RESERVED_PORTS.equals(key) || "?".equals(current)) {
            return true;
        }
        switch (key) {
            case KnobCatalogue.TW_REUSE -> {
                return reuseRank(proposed) > reuseRank(current);
            }
            case KnobCatalogue.PORT_RANGE -> {
                long[] c = HostFacts.longs(current);
                long[] p = HostFacts.longs(proposed);
                if (c == null || p == null || c.length != 2 || p.length != 2) {
                    return false;
                }
                return p[0] <= c[0] && p[1] >= c[1] && (p[0] < c[0] || p[1] > c[1]);
            }
            case KnobCatalogue.RESERVED_PORTS -> {
                BitSet c = ports(current);
                BitSet p = ports(proposed);
                BitSet missing = (BitSet) c.clone();
                missing.andNot(p);
                return missing.isEmpty() && p.cardinality() > c.cardinality();
            }
            default -> {
                long[] c = HostFacts.longs(current);
                long[] p = HostFacts.longs(proposed);
                return c != null && p != null && c.length > 0 && p.length > 0 && p[0] > c[0];
            }
        }
    }

    private static int reuseRank(String v) {
        return switch (v.trim()) {
            case "1" -> 2;
            case "2" -> 1;
            default -> 0;
        };
    }

    private static BitSet ports(String text) {
        BitSet b = new BitSet(65536);
        for (int[] r : PortRange.parseReserved(text == null ? "" : text)) {
            b.set(Math.max(0, r[0]), Math.min(65535, r[1]) + 1);
        }
        return b;
    }

    /** The current value, only when the kernel has the knob: absent knobs are never proposed. */
    private Optional<Long> value(String key) {
        long[] v = HostFacts.longs(facts.knob(key).orElse(null));
        return v == null || v.length == 0 ? Optional.empty() : Optional.of(v[0]);
    }

    private String sampleText(Delta delta) {
        return delta.sampled() ? fmt1(delta.seconds()) : "";
    }

    private static long counter(KernelCounters c, String key) {
        return c == null ? 0 : c.get(key).orElse(0);
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String fmt1(double v) {
        return Numbers.oneDecimal(v);
    }

    private static String pct(long part, long whole) {
        return fmt1(100.0 * part / Math.max(1, whole));
    }

    private static String pct(double share) {
        return String.valueOf(Math.round(share * 100));
    }
}
