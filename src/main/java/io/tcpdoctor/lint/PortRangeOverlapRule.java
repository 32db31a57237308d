package io.tcpdoctor.lint;

import io.tcpdoctor.sysctl.KnobCatalogue;

import io.tcpdoctor.collect.SysctlConf;
import io.tcpdoctor.ports.PortRange;
import io.tcpdoctor.model.Severity;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A port range that hands out ports services listen on: connect() may take one as a source port, and the service
 * then fails to bind it on its next start (EADDRINUSE). Ports listening on this host count, and the defaults of
 * common services (their projects' documented ports); ip_local_reserved_ports takes ports out of the range.
 */
final class PortRangeOverlapRule implements LintRule {
    /** Documented default ports of common services at 1024 and above (the projects' own documentation). */
    static final Map<Integer, String> WELL_KNOWN = new TreeMap<>(Map.ofEntries(
            Map.entry(1433, "SQL Server"), Map.entry(1521, "Oracle"), Map.entry(2181, "ZooKeeper"),
            Map.entry(2379, "etcd"), Map.entry(2380, "etcd peer"), Map.entry(3306, "MySQL"),
            Map.entry(5432, "PostgreSQL"), Map.entry(5672, "AMQP"), Map.entry(6379, "Redis"),
            Map.entry(6443, "Kubernetes API"), Map.entry(8080, "HTTP alt"), Map.entry(8443, "HTTPS alt"),
            Map.entry(9042, "Cassandra"), Map.entry(9090, "Prometheus"), Map.entry(9092, "Kafka"),
            Map.entry(9200, "Elasticsearch"), Map.entry(9300, "Elasticsearch transport"), Map.entry(10250, "kubelet"),
            Map.entry(11211, "memcached"), Map.entry(27017, "MongoDB")));
    static final int SHOWN = 8;

    @Override
    public void check(LintContext ctx) {
        SysctlConf.Entry e = ctx.last(KnobCatalogue.PORT_RANGE).orElse(null);
        if (e == null) {
            return;
        }
        KernelInts.Result r = KernelInts.parse(e.rawValue(), 2);
        if (!r.accepted() || r.values().length != 2 || r.values()[0] > r.values()[1]) {
            return;
        }
        long lo = r.values()[0];
        long hi = r.values()[1];
        if (lo < ctx.valueBefore(KnobCatalogue.UNPRIVILEGED_PORT_START, e).flatMap(LintContext::integer).orElse(1024L)) {
            return; // The kernel refuses this range (PortRangeRule): it hands out nothing.
        }
        List<int[]> reserved = PortRange.parseReserved(ctx.effective(KnobCatalogue.RESERVED_PORTS).orElse(""));
        TreeSet<Integer> hit = new TreeSet<>();
        for (int p : ctx.listeningPorts()) {
            if (p >= lo && p <= hi && !isReserved(reserved, p)) {
                hit.add(p);
            }
        }
        for (int p : WELL_KNOWN.keySet()) {
            if (p >= lo && p <= hi && !isReserved(reserved, p)) {
                hit.add(p);
            }
        }
        if (hit.isEmpty()) {
            return;
        }
        StringBuilder shown = new StringBuilder();
        hit.stream().limit(SHOWN).forEach(p -> shown.append(shown.isEmpty() ? "" : ", ").append(p)
                .append(ctx.listeningPorts().contains(p) ? " (" + ctx.msg().get("lint.port.listening") + ")" : WELL_KNOWN.containsKey(p) ? " (" + WELL_KNOWN.get(p) + ")" : ""));
        if (hit.size() > SHOWN) {
            shown.append(", +").append(hit.size() - SHOWN);
        }
        StringBuilder list = new StringBuilder();
        hit.stream().limit(SHOWN).forEach(p -> list.append(list.isEmpty() ? "" : ",").append(p));
        ctx.report(e, Severity.WARNING, "port-overlap", "lint.port.overlap", String.valueOf(lo), String.valueOf(hi),
                shown.toString(), list.toString());
    }

    private static boolean isReserved(List<int[]> reserved, int p) {
        for (int[] r : reserved) {
            if (p >= r[0] && p <= r[1]) {
                return true;
            }
        }
        return false;
    }
}
