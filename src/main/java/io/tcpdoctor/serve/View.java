package io.tcpdoctor.serve;

import io.tcpdoctor.diagnose.Action;
import io.tcpdoctor.diagnose.Engine;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.observe.Delta;
import io.tcpdoctor.observe.HostFacts;
import io.tcpdoctor.ports.PortRange;
import io.tcpdoctor.query.GroupTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the exporter shows about one namespace at one instant, computed once per sample from a
 * {@link Reading}: per-state counts by family, the top groups per dimension, the hottest destinations, the
 * TIME_WAIT age histogram, the kernel counters and the findings. Metrics, JSON and the dashboard all read it,
 * so a scrape never touches the sockets. It keeps no socket records.
 */
public record View(
        String netns,
        Instant at,
        double tookSeconds,
        StateCounts ipv4,
        StateCounts ipv6,
        Map<Dimension, Groups> groups,
        List<Destination> destinations,
        int portsUsable,
        long[] timeWaitAge,
        double timeWaitAgeSum,
        Map<String, Long> counters,
        Rates rates,
        List<Finding> findings,
        String source) {

    /** Upper bounds of the TIME_WAIT age buckets in seconds (TIME_WAIT lasts 60 s on Linux); +Inf last. */
    public static final double[] AGE_BOUNDS = {5, 10, 15, 20, 30, 40, 50, 60, Double.POSITIVE_INFINITY};

    /** The largest groups of one dimension; {@code other} sums the {@code otherGroups} beyond the limit, or is null. */
    public record Groups(Dimension by, List<GroupTable.Row> rows, GroupTable.Row other, int otherGroups) {
    }

    /** Sockets using ephemeral ports towards one destination ({@code src_addr->dst_addr:dst_port}). */
    public record Destination(String destination, long inUse) {
    }

    /**
     * Changes per second since the sample before, from the sampler's delta: per state (net change of the count)
     * and per kernel counter key ({@code Tcp.ActiveOpens}, {@code TcpExt.TW}); null on the first sample.
     */
    public record Rates(double seconds, Map<TcpState, Double> states, Map<String, Double> counters) {
        static Rates of(Delta d) {
            if (d == null || !d.sampled()) {
                return null;
            }
            Map<TcpState, Double> st = new EnumMap<>(TcpState.class);
            for (TcpState s : TcpState.all()) {
                st.put(s, d.stateRate(s));
            }
            Map<String, Double> c = new TreeMap<>();
            for (String key : Metrics.counterKeys()) {
                d.counterRate(key).ifPresent(r -> c.put(key, r));
            }
            return new Rates(d.seconds(), st, c);
        }
    }

    /** Counts of both families together. */
    public StateCounts states() {
        StateCounts all = new StateCounts();
        all.addAll(ipv4);
        all.addAll(ipv6);
        return all;
    }

    /** The findings that are problems or notes, without the engine's "healthy" marker. */
    public List<Finding> activeFindings() {
        return findings.stream().filter(f -> !f.id().equals(Engine.HEALTHY)).toList();
    }

    /** Builds the view of a reading, keeping {@code limit} groups per dimension and hiding names as asked. */
    public static View of(Reading r, int limit, Redactor redactor) {
        StateCounts v4 = new StateCounts();
        StateCounts v6 = new StateCounts();
        long[] age = new long[AGE_BOUNDS.length];
        double ageSum = 0;
        List<SocketRecord> sockets = r.snapshot().hasRecords() ? r.snapshot().sockets() : List.of();
        Set<String> names = new HashSet<>();
        for (SocketRecord s : sockets) {
            (s.ipv6() ? v6 : v4).add(s.state());
            if (s.state() == TcpState.TIME_WAIT && s.timerMs() >= 0) {
                double a = Math.clamp(60.0 - s.timerMs() / 1000.0, 0.0, 60.0);
                ageSum += a;
                int b = 0;
                while (a > AGE_BOUNDS[b]) {
                    b++;
                }
                age[b]++;
            }
            Owner o = s.owner();
            if (o != null && o.name() != null) {
                names.add(o.name());
            }
        }
        if (!r.snapshot().hasRecords()) {
            v4.addAll(r.snapshot().counts());
        }
        Map<Dimension, Groups> groups = new EnumMap<>(Dimension.class);
        for (Dimension d : Dimension.values()) {
            groups.put(d, group(d, sockets, limit, redactor));
        }
        PortRange range = portRange(r.host());
        List<Finding> findings = new ArrayList<>();
        for (Finding f : r.diagnosis().findings()) {
            findings.add(redact(f, redactor, names));
        }
        Map<String, Long> counters = r.host() != null && r.host().counters() != null ? r.host().counters().values() : Map.of();
        return new View(r.netns(), r.at(), r.took().toNanos() / 1e9, v4, v6, groups, destinations(sockets, range, limit),
                range.usable(), age, ageSum, counters, Rates.of(r.delta()), List.copyOf(findings), r.snapshot().source());
    }

    static Groups group(Dimension d, List<SocketRecord> sockets, int limit, Redactor redactor) {
        Map<String, StateCounts> m = new HashMap<>();
        for (SocketRecord s : sockets) {
            m.computeIfAbsent(d.keyOf(s, redactor), k -> new StateCounts()).add(s.state());
        }
        List<GroupTable.Row> rows = new ArrayList<>(m.size());
        m.forEach((k, v) -> rows.add(new GroupTable.Row(k, v)));
        rows.sort(Comparator.comparingLong((GroupTable.Row x) -> x.counts().total()).reversed().thenComparing(GroupTable.Row::group));
        if (rows.size() <= limit) {
            return new Groups(d, List.copyOf(rows), null, 0);
        }
        StateCounts rest = new StateCounts();
        for (GroupTable.Row x : rows.subList(limit, rows.size())) {
            rest.addAll(x.counts());
        }
        return new Groups(d, List.copyOf(rows.subList(0, limit)), new GroupTable.Row("other", rest), rows.size() - limit);
    }

    /**
     * Outgoing sockets per (source address, destination address and port), the unit ephemeral ports are unique
     * within. Outgoing: local port in the usable ephemeral range and not a listening port; LISTEN and CLOSE
     * sockets hold no such port.
     */
    static List<Destination> destinations(List<SocketRecord> sockets, PortRange range, int limit) {
        Set<Integer> listening = new HashSet<>();
        for (SocketRecord s : sockets) {
            if (s.state() == TcpState.LISTEN && s.local().port() > 0) {
                listening.add(s.local().port());
            }
        }
        Map<String, Long> per = new HashMap<>();
        for (SocketRecord s : sockets) {
            int p = s.local().port();
            if (s.state() == TcpState.LISTEN || s.state() == TcpState.CLOSE || !range.contains(p) || listening.contains(p)) {
                continue;
            }
            per.merge(s.local().addressText() + "->" + s.remote(), 1L, Long::sum);
        }
        return per.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(e -> new Destination(e.getKey(), e.getValue()))
                .toList();
    }

    /** The usable ephemeral range read from the namespace's sysctls, Linux's default when unknown. */
    static PortRange portRange(HostFacts host) {
        long[] r = host == null ? null : host.sysctlLongs("net.ipv4.ip_local_port_range");
        PortRange base = r != null && r.length == 2 && r[0] <= r[1] ? new PortRange((int) r[0], (int) r[1], List.of()) : PortRange.DEFAULT;
        String reserved = host == null ? null : host.sysctl("net.ipv4.ip_local_reserved_ports").orElse(null);
        return new PortRange(base.low(), base.high(), PortRange.parseReserved(reserved));
    }

    private static Finding redact(Finding f, Redactor red, Set<String> names) {
        if (!red.on()) {
            return f;
        }
        Map<String, Object> ev = new LinkedHashMap<>();
        f.evidence().forEach((k, v) -> ev.put(k, v instanceof String s ? red.text(s, names) : v));
        List<Action> actions = f.actions().stream()
                .map(a -> new Action(a.kind(), red.text(a.text(), names), red.text(a.example(), names))).toList();
        Owner p = f.process() == null ? null : new Owner(f.process().pid(), red.name(f.process().name()));
        return new Finding(f.id(), f.severity(), red.text(f.title(), names), ev, red.text(f.explanation(), names), actions,
                p, f.processInferred(), f.peer(), f.local());
    }
}
