package io.tcpdoctor.fleet;

import io.tcpdoctor.model.Severity;
import io.tcpdoctor.model.TcpState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the fleet from Prometheus with a handful of instant queries over the exporter's metrics (the names
 * {@code tcpdoctor serve} writes) and assembles one {@link FleetView}. Values are summed over the namespaces
 * an exporter watches; findings keep their namespace.
 */
public final class FleetReader {
    /** Every instance exporting tcpdoctor metrics now, with its version. */
    static final String INSTANCES = "max by (instance, version) (tcpdoctor_build_info)";
    /** Instances seen within the last hour that export nothing now. */
    static final String MISSING = "max by (instance) (max_over_time(tcpdoctor_build_info[1h]))"
            + " unless max by (instance) (tcpdoctor_build_info)";
    /** Sockets per instance and state. */
    static final String SOCKETS = "sum by (instance, state) (tcpdoctor_sockets)";
    /** Active findings. */
    static final String FINDINGS = "max by (instance, netns, id, severity) (tcpdoctor_finding) > 0";
    /** The destination with the least port headroom per instance. */
    static final String PORTS = "topk by (instance) (1, tcpdoctor_destination_ports_in_use"
            + " / ignoring(destination) group_left tcpdoctor_ephemeral_ports_usable)";
    /** The process holding the most CLOSE_WAIT sockets per instance. */
    static final String TOP_CLOSE_WAIT = "topk by (instance) (1, sum by (instance, process)"
            + " (tcpdoctor_sockets_by_process{state=\"CLOSE_WAIT\"}) > 0)";

    /** Instances per finding one look-back period ago (%d: seconds). */
    static final String FINDINGS_BEFORE = "count by (id) (max by (id, instance) (tcpdoctor_finding offset %ds) > 0)";
    /** Whether Prometheus has any tcpdoctor data from one look-back period ago (%d: seconds). */
    static final String HISTORY = "count(tcpdoctor_build_info offset %ds)";

    private final PrometheusApi api;
    private final FleetTexts texts;
    private final Clock clock;

    public FleetReader(PrometheusApi api, FleetTexts texts, Clock clock) {
        this.api = api;
        this.texts = texts;
        this.clock = clock;
    }

    /** Queries Prometheus now and ranks the instances. */
    public FleetView read(Ranking ranking, Duration since) {
        var at = clock.instant();
        Map<String, String> versions = new TreeMap<>();
        for (Sample s : api.query(INSTANCES)) {
            versions.merge(s.label("instance"), s.label("version"), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        Map<String, EnumMap<TcpState, Long>> sockets = new TreeMap<>();
        for (Sample s : api.query(SOCKETS)) {
            TcpState st = TcpState.parse(s.label("state"));
            if (st != null && Double.isFinite(s.value())) {
                sockets.computeIfAbsent(s.label("instance"), k -> new EnumMap<>(TcpState.class))
                        .merge(st, Math.round(s.value()), Long::sum);
            }
        }
        Map<String, List<ActiveFinding>> findings = new TreeMap<>();
        for (Sample s : api.query(FINDINGS)) {
            String id = s.label("id");
            findings.computeIfAbsent(s.label("instance"), k -> new ArrayList<>())
                    .add(new ActiveFinding(id, severity(s.label("severity")), s.label("netns"), texts.title(id)));
        }
        Map<String, PortPressure> ports = new TreeMap<>();
        for (Sample s : api.query(PORTS)) {
            if (Double.isFinite(s.value())) {
                ports.put(s.label("instance"), new PortPressure(s.label("destination"), s.label("netns"), s.value()));
            }
        }
        Map<String, ProcessCount> closeWait = new TreeMap<>();
        for (Sample s : api.query(TOP_CLOSE_WAIT)) {
            closeWait.put(s.label("instance"), new ProcessCount(s.label("process"), Math.round(s.value())));
        }
        TreeSet<String> names = new TreeSet<>(versions.keySet());
        names.addAll(sockets.keySet());
        names.addAll(findings.keySet());
        List<InstanceStatus> instances = new ArrayList<>();
        for (String name : names) {
            List<ActiveFinding> fs = new ArrayList<>(findings.getOrDefault(name, List.of()));
            fs.sort(Comparator.comparing(ActiveFinding::severity).thenComparing(ActiveFinding::id).thenComparing(ActiveFinding::netns));
            instances.add(new InstanceStatus(name, versions.getOrDefault(name, ""), sockets.getOrDefault(name, new EnumMap<>(TcpState.class)),
                    ports.get(name), closeWait.get(name), fs));
        }
        instances.sort(ranking.comparator());
        List<String> missing = new ArrayList<>();
        for (Sample s : api.query(MISSING)) {
            if (!names.contains(s.label("instance"))) {
                missing.add(s.label("instance"));
            }
        }
        missing.sort(null);
        Map<String, Integer> before = null;
        if (!api.query(HISTORY.formatted(since.toSeconds())).isEmpty()) {
            before = new TreeMap<>();
            for (Sample s : api.query(FINDINGS_BEFORE.formatted(since.toSeconds()))) {
                before.put(s.label("id"), (int) Math.round(s.value()));
            }
        }
        return new FleetView(api.url(), at, ranking, since, instances, spread(instances, before), missing);
    }

    /**
     * Findings across the fleet: most instances first, then the most severe; instances in ranking order.
     * {@code before}: instances per id one look-back period ago, null when Prometheus has no data from then.
     */
    private List<FindingSpread> spread(List<InstanceStatus> instances, Map<String, Integer> before) {
        Map<String, List<String>> where = new TreeMap<>();
        Map<String, Severity> worst = new TreeMap<>();
        for (InstanceStatus i : instances) {
            for (ActiveFinding f : i.findings()) {
                List<String> list = where.computeIfAbsent(f.id(), k -> new ArrayList<>());
                if (!list.contains(i.instance())) {
                    list.add(i.instance());
                }
                worst.merge(f.id(), f.severity(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        List<FindingSpread> out = new ArrayList<>();
        where.forEach((id, list) -> out.add(new FindingSpread(id, worst.get(id), list, texts.title(id),
                before == null ? null : before.getOrDefault(id, 0))));
        out.sort(Comparator.comparingInt((FindingSpread f) -> -f.instances().size())
                .thenComparing(FindingSpread::worst).thenComparing(FindingSpread::id));
        return out;
    }

    /** A severity label; anything unknown counts as info rather than failing the whole view. */
    static Severity severity(String label) {
        try {
            return Severity.valueOf(label.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Severity.INFO;
        }
    }
}
