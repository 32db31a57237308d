package io.tcpdoctor.render;

import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Diagnosis;
import io.tcpdoctor.diagnose.Engine;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.diagnose.Action;
import io.tcpdoctor.observe.Facts;
import io.tcpdoctor.observe.PortFacts;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.i18n.Numbers;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        out.println(msg.get("report.header", Terminal.field(snap.source()), String.valueOf(d.observation().at())) + sample);
        out.println();
        histogram(out, snap.counts());
        out.println();
        for (Finding f : d.findings()) {
            if (f.id().equals(Engine.HEALTHY)) {
                out.println(msg.get("report.ok") + ": " + Terminal.field(f.title()));
                continue;
            }
            finding(out, f);
        }
        // A capture without host facts also says which port facts it assumed, as tune and capacity do.
        List<String> assumed = new ArrayList<>(d.assumptions());
        if (!d.observation().hostKnown() && d.sockets().hasRecords()) {
            Facts facts = new Facts(d.observation().host());
            PortFacts.of(d.sockets().reportedPortUsage(), facts);
            facts.describe(msg).stream().filter(a -> !assumed.contains(a)).forEach(assumed::add);
        }
        if (!assumed.isEmpty()) {
            out.println();
            out.println(msg.get("report.assumptions") + ":");
            for (String a : assumed) {
                wrap(out, "  - ", "    ", a);
            }
        }
        out.flush();
    }

    private void histogram(PrintWriter out, StateCounts counts) {
        long max = 1;
        int nameW = Math.max(width(msg.get("report.state")), width(msg.get("report.total")));
        int numW = Math.max(width(msg.get("report.count")), Long.toString(counts.total()).length());
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
        return s + " ".repeat(Math.max(0, w - width(s)));
    }

    private static String lpad(String s, int w) {
        return " ".repeat(Math.max(0, w - width(s))) + s;
    }

    private void finding(PrintWriter out, Finding f) {
        out.println("[" + msg.get("report.severity." + f.severity().label()) + "] " + Terminal.field(f.title()));
        StringBuilder head = new StringBuilder("  id: ").append(f.id());
        if (f.process() != null) {
            head.append("   ").append(msg.get("report.process")).append(": ").append(Terminal.field(f.process().label()));
            if (f.processInferred()) {
                head.append(" (").append(msg.get("report.inferred")).append(')');
            }
        }
        if (f.peer() != null) {
            head.append("   ").append(msg.get("report.peer")).append(": ").append(Terminal.field(f.peer()));
        }
        if (f.local() != null) {
            head.append("   ").append(msg.get("report.local")).append(": ").append(Terminal.field(f.local()));
        }
        out.println(head);
        out.println("  " + msg.get("report.evidence") + ":");
        int w = 0;
        for (String k : f.evidence().keySet()) {
            w = Math.max(w, width(label(k)));
        }
        for (Map.Entry<String, Object> e : f.evidence().entrySet()) {
            String l = label(e.getKey());
            out.println("    " + l + " ".repeat(w - width(l)) + "  " + Terminal.field(value(e.getValue())));
        }
        wrap(out, "  " + msg.get("report.why") + ": ", "    ", Terminal.field(f.explanation()));
        if (!f.actions().isEmpty()) {
            out.println("  " + msg.get("report.actions") + ":");
            for (Action a : f.actions()) {
                wrap(out, "    - [" + msg.get("report.kind." + a.kind().label()) + "] ", "      ", Terminal.field(a.text()));
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
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Numbers.oneDecimal(d);
    }

    /**
     * Wraps to {@link #WIDTH} display columns. English breaks at spaces; Chinese, which has none, may break
     * between any two CJK characters. Wide characters count as two columns.
     */
    static void wrap(PrintWriter out, String first, String next, String text) {
        StringBuilder line = new StringBuilder(first);
        int col = width(first);
        int start = col;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == ' ') {
                i++;
                if (col > start) {
                    line.append(' ');
                    col++;
                }
                continue;
            }
            int j = i + 1;
            if (!wide(c)) {
                while (j < n && text.charAt(j) != ' ' && !wide(text.charAt(j))) {
                    j++;
                }
            }
            String token = text.substring(i, j);
            int w = width(token);
            // Full-width punctuation never starts a line: it may run one character past the width.
            boolean punct = token.length() == 1 && "，。；：）、！？".indexOf(token.charAt(0)) >= 0;
            if (col > start && col + w > WIDTH && !punct) {
                out.println(line.toString().stripTrailing());
                line.setLength(0);
                line.append(next);
                col = width(next);
                start = col;
            }
            line.append(token);
            col += w;
            i = j;
        }
        out.println(line.toString().stripTrailing());
    }

    /** True for characters a terminal shows two columns wide (CJK and full-width punctuation). */
    static boolean wide(char c) {
        return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3)
                || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60)
                || (c >= 0xFFE0 && c <= 0xFFE6);
    }

    /** Display columns of a string. */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); i++) {
            w += wide(s.charAt(i)) ? 2 : 1;
        }
        return w;
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
        doc.put("facts", PortFactsJson.of(PortFacts.of(d.sockets().reportedPortUsage(), new Facts(d.observation().host()))));
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
