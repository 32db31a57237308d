package io.tcpdoctor.diagnose;

import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.render.Csv;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link Diagnosis} as a text report, the documented JSON document, or CSV (one row per finding). */
public final class ReportWriter {
    private static final int WIDTH = 100;
    private static final int BAR = 40;

    private final Messages msg;

    public ReportWriter(Messages msg) {
        this.msg = msg;
    }

    /** Histogram, then findings by severity with evidence, why and actions, then assumptions. */
    public void text(PrintWriter out, Diagnosis d) {
        Snapshot snap = d.observation().snapshot();
        String sample = Double.isNaN(d.sampleSeconds()) ? "" : ", " + msg.get("report.sampled", fmt(d.sampleSeconds()));
        out.println(msg.get("report.header", snap.source(), String.valueOf(d.observation().at())) + sample);
        out.println();
        histogram(out, snap.counts());
        out.println();
        for (Finding f : d.findings()) {
            if (f.id().equals(Engine.HEALTHY)) {
                out.println(msg.get("report.ok") + ": " + f.title());
                continue;
            }
            finding(out, f);
        }
        if (!d.assumptions().isEmpty()) {
            out.println();
            out.println(msg.get("report.assumptions") + ":");
            for (String a : d.assumptions()) {
                wrap(out, "  - ", "    ", a);
            }
        }
        out.flush();
    }

    private void histogram(PrintWriter out, StateCounts counts) {
        long max = 1;
        int nameW = Math.max(msg.get("report.state").length(), msg.get("report.total").length());
        int numW = Math.max(msg.get("report.count").length(), Long.toString(counts.total()).length());
        for (Map.Entry<TcpState, Long> e : counts.nonZero().entrySet()) {
            max = Math.max(max, e.getValue());
            nameW = Math.max(nameW, e.getKey().name().length());
        }
        out.println(pad(msg.get("report.state"), nameW) + "  " + lpad(msg.get("report.count"), numW));
        for (Map.Entry<TcpState, Long> e : counts.nonZero().entrySet()) {
            int len = (int) Math.max(1, Math.round((double) e.getValue() * BAR / max));
            out.println(pad(e.getKey().name(), nameW) + "  " + lpad(Long.toString(e.getValue()), numW) + "  " + "#".repeat(len));
        }
        out.println(pad(msg.get("report.total"), nameW) + "  " + lpad(Long.toString(counts.total()), numW));
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }

    private static String lpad(String s, int w) {
        return " ".repeat(Math.max(0, w - s.length())) + s;
    }

    private void finding(PrintWriter out, Finding f) {
        out.println("[" + f.severity().name() + "] " + f.title());
        StringBuilder head = new StringBuilder("  id: ").append(f.id());
        if (f.process() != null) {
            head.append("   ").append(msg.get("report.process")).append(": ").append(f.process().label());
            if (f.processInferred()) {
                head.append(" (").append(msg.get("report.inferred")).append(')');
            }
        }
        if (f.peer() != null) {
            head.append("   ").append(msg.get("report.peer")).append(": ").append(f.peer());
        }
        if (f.local() != null) {
            head.append("   ").append(msg.get("report.local")).append(": ").append(f.local());
        }
        out.println(head);
        out.println("  " + msg.get("report.evidence") + ":");
        int w = 0;
        for (String k : f.evidence().keySet()) {
            w = Math.max(w, label(k).length());
        }
        for (Map.Entry<String, Object> e : f.evidence().entrySet()) {
            String l = label(e.getKey());
            out.println("    " + l + " ".repeat(w - l.length()) + "  " + value(e.getValue()));
        }
        wrap(out, "  " + msg.get("report.why") + ": ", "    ", f.explanation());
        if (!f.actions().isEmpty()) {
            out.println("  " + msg.get("report.actions") + ":");
            for (Action a : f.actions()) {
                wrap(out, "    - [" + msg.get("report.kind." + a.kind().label()) + "] ", "      ", a.text());
                if (a.example() != null) {
                    for (String line : a.example().split("\n")) {
                        out.println("        " + line);
                    }
                }
            }
        }
        out.println();
    }

    /** The evidence label: the key itself, or its translation in Chinese output. */
    private String label(String key) {
        String k = "evidence." + key;
        return msg.chinese() && msg.has(k) ? msg.get(k) : key;
    }

    private static String value(Object v) {
        if (v instanceof Double d) {
            return fmt(d);
        }
        return String.valueOf(v);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }

    /** Greedy word wrap for texts with spaces; texts without (Chinese) are printed as they are. */
    static void wrap(PrintWriter out, String first, String next, String text) {
        StringBuilder line = new StringBuilder(first);
        int start = line.length();
        for (String word : text.split(" ")) {
            if (line.length() > start && line.length() + 1 + word.length() > WIDTH) {
                out.println(line);
                line.setLength(0);
                line.append(next);
                start = line.length();
            } else if (line.length() > start) {
                line.append(' ');
            }
            line.append(word);
        }
        out.println(line);
    }

    /** The documented JSON document (see README "diagnose and check"). */
    public Map<String, Object> json(Diagnosis d) {
        Snapshot snap = d.observation().snapshot();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", d.status() == Severity.INFO ? "ok" : d.status().label());
        doc.put("source", snap.source());
        doc.put("taken_at", String.valueOf(d.observation().at()));
        doc.put("sample_seconds", Double.isNaN(d.sampleSeconds()) ? null : Context.round1(d.sampleSeconds()));
        doc.put("lang", msg.chinese() ? "zh" : "en");
        doc.put("host_facts", d.observation().host().origin());
        doc.put("total", snap.counts().total());
        Map<String, Long> states = new LinkedHashMap<>();
        snap.counts().nonZero().forEach((s, n) -> states.put(s.name(), n));
        doc.put("states", states);
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding f : d.findings()) {
            findings.add(findingJson(f));
        }
        doc.put("findings", findings);
        doc.put("assumptions", d.assumptions());
        List<String> warnings = new ArrayList<>();
        for (Problem p : snap.warnings()) {
            warnings.add(p.describe());
        }
        doc.put("warnings", warnings);
        return doc;
    }

    private static Map<String, Object> findingJson(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("severity", f.severity().label());
        m.put("title", f.title());
        if (f.process() == null) {
            m.put("process", null);
        } else {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("pid", f.process().pid() < 0 ? null : f.process().pid());
            p.put("name", f.process().name());
            p.put("inferred", f.processInferred());
            m.put("process", p);
        }
        m.put("peer", f.peer());
        m.put("local", f.local());
        m.put("evidence", f.evidence());
        m.put("explanation", f.explanation());
        List<Map<String, Object>> actions = new ArrayList<>();
        for (Action a : f.actions()) {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("kind", a.kind().label());
            am.put("text", a.text());
            am.put("example", a.example());
            actions.add(am);
        }
        m.put("actions", actions);
        return m;
    }

    /** Column names of the CSV output. */
    public static final String[] CSV_HEADER = {"severity", "id", "title", "pid", "process", "process_inferred", "peer",
            "local", "evidence", "explanation", "actions"};

    /** One row per finding; evidence as {@code key=value; ...}, actions as {@code [kind] text | ...}. */
    public void csv(PrintWriter out, Diagnosis d) {
        Csv.row(out, (Object[]) CSV_HEADER);
        for (Finding f : d.findings()) {
            StringBuilder ev = new StringBuilder();
            f.evidence().forEach((k, v) -> ev.append(ev.isEmpty() ? "" : "; ").append(k).append('=').append(value(v)));
            StringBuilder ac = new StringBuilder();
            for (Action a : f.actions()) {
                ac.append(ac.isEmpty() ? "" : " | ").append('[').append(a.kind().label()).append("] ").append(a.text());
            }
            Csv.row(out, f.severity().label(), f.id(), f.title(),
                    f.process() == null || f.process().pid() < 0 ? null : f.process().pid(),
                    f.process() == null ? null : f.process().name(),
                    f.process() == null ? null : f.processInferred(),
                    f.peer(), f.local(), ev, f.explanation(), ac);
        }
        out.flush();
    }
}
