package io.tcpdoctor.fleet;

import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.render.Csv;
import io.tcpdoctor.render.Format;
import io.tcpdoctor.render.Json;
import io.tcpdoctor.render.TextTable;
import io.tcpdoctor.i18n.TextWrap;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a {@link FleetView} as text (two tables), JSON or CSV (one row per instance). */
public final class FleetReport {
    private final FleetTexts texts;
    private final int top;

    /** {@code top}: how many instances the text and CSV output show (0 = all; JSON lists all). */
    public FleetReport(FleetTexts texts, int top) {
        this.texts = texts;
        this.top = top;
    }

    /** Writes the view in a format. */
    public void write(FleetView view, Format format, PrintWriter out) {
        switch (format) {
            case TEXT -> text(view, out);
            case JSON -> Json.write(out, json(view));
            case CSV -> csv(view, out);
        }
        out.flush();
    }

    private List<InstanceStatus> shown(FleetView view) {
        List<InstanceStatus> all = view.instances();
        return top > 0 && all.size() > top ? all.subList(0, top) : all;
    }

    private void text(FleetView view, PrintWriter out) {
        out.println(texts.get("summary", view.instances().size(), view.prometheus(), view.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(), view.ranking().label()));
        if (view.instances().isEmpty()) {
            out.println(texts.get("none"));
        } else {
            out.println();
            TextTable t = new TextTable(texts.get("header.instance"), texts.get("header.status"), ">" + texts.get("header.established"),
                    ">" + texts.get("header.time-wait"), ">" + texts.get("header.close-wait"), ">" + texts.get("header.ports"),
                    texts.get("header.top-close-wait"), texts.get("header.findings"));
            for (InstanceStatus i : shown(view)) {
                t.row(i.instance(), status(i), i.count(TcpState.ESTABLISHED), i.count(TcpState.TIME_WAIT), i.count(TcpState.CLOSE_WAIT),
                        i.ports() == null ? "-" : percent(i.ports().ratio()),
                        i.topCloseWait() == null ? "-" : i.topCloseWait().process() + " (" + i.topCloseWait().count() + ")",
                        i.findings().isEmpty() ? "-" : String.join(", ", i.findings().stream().map(FleetReport::idAt).distinct().toList()));
            }
            t.print(out);
            int more = view.instances().size() - shown(view).size();
            if (more > 0) {
                out.println(texts.get("more", more));
            }
        }
        if (!view.findings().isEmpty()) {
            out.println();
            String since = duration(view.since());
            TextTable f = new TextTable(texts.get("header.finding"), texts.get("header.severity"), ">" + texts.get("header.instances"),
                    ">" + texts.get("header.change", since), texts.get("header.title"));
            for (FindingSpread s : view.findings()) {
                f.row(s.id(), s.worst().label(), texts.get("of", s.instances().size(), view.instances().size()), change(s.growth()), s.title());
            }
            f.print(out);
            out.println();
            for (FindingSpread s : view.findings()) {
                out.println(s.id() + ": " + String.join(", ", s.instances()));
            }
            for (FindingSpread s : view.findings()) {
                if (s.worst() != io.tcpdoctor.model.Severity.INFO && s.growth() != null && s.growth() >= SPREADING) {
                    out.println();
                    for (String line : TextWrap.wrap(texts.get("spreading", s.id(), s.growth(), since), WIDTH)) {
                        out.println(line);
                    }
                }
            }
        }
        if (!view.missing().isEmpty()) {
            out.println();
            out.println(texts.get("missing", String.join(", ", view.missing())));
        }
    }

    /** Growth in instances over the look-back period from which a finding counts as spreading (as the alert). */
    static final int SPREADING = 2;
    /** Columns of the paragraphs under the tables. */
    static final int WIDTH = 110;

    private static String change(Integer growth) {
        return growth == null ? "?" : growth > 0 ? "+" + growth : Integer.toString(growth);
    }

    /** A look-back period as Prometheus writes durations: 10m, 1h, 90s. */
    static String duration(java.time.Duration d) {
        long s = d.toSeconds();
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private String status(InstanceStatus i) {
        return i.worst() == null ? texts.get("status.ok") : i.worst().label();
    }

    private static String idAt(ActiveFinding f) {
        return f.netns().isEmpty() ? f.id() : f.id() + "@" + f.netns();
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, ratio < 0.1 ? "%.1f%%" : "%.0f%%", ratio * 100);
    }

    private Map<String, Object> json(FleetView view) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("prometheus", view.prometheus());
        doc.put("taken_at", view.at().toString());
        doc.put("ranked_by", view.ranking().label());
        doc.put("lang", texts.lang());
        doc.put("since_seconds", view.since().toSeconds());
        List<Object> instances = new ArrayList<>();
        for (InstanceStatus i : view.instances()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("instance", i.instance());
            m.put("version", i.version().isEmpty() ? null : i.version());
            m.put("status", i.worst() == null ? "ok" : i.worst().label());
            Map<String, Object> states = new LinkedHashMap<>();
            i.sockets().forEach((s, n) -> states.put(s.name(), n));
            m.put("total", i.total());
            m.put("states", states);
            m.put("time_wait", i.count(TcpState.TIME_WAIT));
            m.put("close_wait", i.count(TcpState.CLOSE_WAIT));
            m.put("ports", i.ports() == null ? null : Map.of("destination", i.ports().destination(), "netns", i.ports().netns(),
                    "in_use_ratio", i.ports().ratio()));
            m.put("top_close_wait", i.topCloseWait() == null ? null
                    : Map.of("process", i.topCloseWait().process(), "close_wait", i.topCloseWait().count()));
            List<Object> fs = new ArrayList<>();
            for (ActiveFinding f : i.findings()) {
                Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("id", f.id());
                fm.put("severity", f.severity().label());
                fm.put("netns", f.netns());
                fm.put("title", f.title());
                fs.add(fm);
            }
            m.put("findings", fs);
            instances.add(m);
        }
        doc.put("instances", instances);
        List<Object> findings = new ArrayList<>();
        for (FindingSpread s : view.findings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("severity", s.worst().label());
            m.put("title", s.title());
            m.put("instances", s.instances());
            m.put("instances_before", s.instancesBefore());
            findings.add(m);
        }
        doc.put("findings", findings);
        doc.put("missing", view.missing());
        return doc;
    }

    private void csv(FleetView view, PrintWriter out) {
        Csv.row(out, "instance", "status", "established", "time_wait", "close_wait", "total", "ports_in_use_ratio",
                "ports_destination", "top_close_wait_process", "top_close_wait", "findings");
        for (InstanceStatus i : shown(view)) {
            Csv.row(out, i.instance(), i.worst() == null ? "ok" : i.worst().label(), i.count(TcpState.ESTABLISHED),
                    i.count(TcpState.TIME_WAIT), i.count(TcpState.CLOSE_WAIT), i.total(),
                    i.ports() == null ? null : String.format(Locale.ROOT, "%.4f", i.ports().ratio()),
                    i.ports() == null ? null : i.ports().destination(),
                    i.topCloseWait() == null ? null : i.topCloseWait().process(),
                    i.topCloseWait() == null ? null : i.topCloseWait().count(),
                    String.join(";", i.findings().stream().map(f -> f.severity().label() + ":" + idAt(f)).toList()));
        }
    }
}
