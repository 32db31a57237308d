package io.tcpdoctor.render;

import io.tcpdoctor.i18n.TextWrap;
import io.tcpdoctor.advise.Advisor;
import io.tcpdoctor.advise.Change;
import io.tcpdoctor.advise.PlatformAdvice;
import io.tcpdoctor.i18n.Messages;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Text, JSON and CSV for {@code tune}'s sysctl advice and its Windows and LVS advice. */
public final class TuneRenderer {
    private TuneRenderer() {
    }

    /** Writes the advice. */
    public static void advice(Format fmt, PrintWriter out, Messages msg, TuneView v) {
        switch (fmt) {
            case JSON -> {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("kernel", v.kernel());
                doc.put("role", v.role().label());
                doc.put("role_source", v.roleSource());
                doc.put("role_evidence", v.roleEvidence());
                List<Map<String, Object>> changes = new ArrayList<>();
                for (Change c : v.changes()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("key", c.key());
                    m.put("current", c.current());
                    m.put("recommended", c.recommended());
                    m.put("reason", c.reason());
                    m.put("finding", c.finding());
                    m.put("evidence", c.evidence());
                    changes.add(m);
                }
                doc.put("changes", changes);
                doc.put("nothing_to_fix", v.changes().isEmpty());
                List<Map<String, Object>> skipped = new ArrayList<>();
                for (Advisor.Skip k : v.skipped()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("key", k.key());
                    m.put("current", k.current());
                    m.put("reason", k.reason());
                    skipped.add(m);
                }
                doc.put("not_proposed", skipped);
                doc.put("sample_seconds", v.sampleSeconds());
                doc.put("notes", v.notes());
                doc.put("mode", v.mode());
                doc.put("facts", PortFactsJson.of(v.facts()));
                doc.put("assumptions", v.assumptions());
                Json.write(out, doc);
            }
            case CSV -> {
                Csv.row(out, "key", "current", "recommended", "reason", "finding", "evidence");
                for (Change c : v.changes()) {
                    Csv.row(out, c.key(), c.current(), c.recommended(), c.reason(), c.finding() == null ? "" : c.finding(),
                            c.evidenceText());
                }
            }
            default -> {
                String kernel = v.kernel() == null ? msg.get("tune.kernel.unknown") : v.kernel();
                TextWrap.wrap(msg.get("tune.header", kernel, msg.get("role." + v.role().label()), v.roleEvidence()), 79)
                        .forEach(out::println);
                out.println();
                if (v.changes().isEmpty()) {
                    out.println(msg.get("tune.none"));
                }
                for (Change c : v.changes()) {
                    out.println(msg.get("tune.change", c.key(), c.current(), c.recommended()));
                    if (c.finding() != null) {
                        TextWrap.wrap(msg.get("tune.answers", c.finding(), c.evidenceText()), 75).forEach(l -> out.println("    " + l));
                    }
                    TextWrap.wrap(c.reason(), 75).forEach(l -> out.println("    " + l));
                }
                out.println();
                for (Advisor.Skip k : v.skipped()) {
                    TextWrap.wrap(msg.get("tune.skip", k.key(), k.current(), k.reason()), 79).forEach(out::println);
                }
                for (String n : v.notes()) {
                    TextWrap.wrap(msg.get("tune.note", n), 79).forEach(out::println);
                }
                for (String a : v.assumptions()) {
                    TextWrap.wrap(msg.get("tune.note", a), 79).forEach(out::println);
                }
                out.println();
            }
        }
    }

    /** Writes Windows or LVS advice blocks. */
    public static void platform(Format fmt, PrintWriter out, String target, List<PlatformAdvice.Block> blocks) {
        switch (fmt) {
            case JSON -> {
                List<Map<String, Object>> bs = new ArrayList<>();
                for (PlatformAdvice.Block b : blocks) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("title", b.title());
                    m.put("text", b.text());
                    m.put("commands", b.commands());
                    bs.add(m);
                }
                Json.write(out, Map.of("target", target, "advice", bs));
            }
            case CSV -> {
                Csv.row(out, "title", "kind", "line");
                for (PlatformAdvice.Block b : blocks) {
                    b.text().forEach(l -> Csv.row(out, b.title(), "text", l));
                    b.commands().forEach(l -> Csv.row(out, b.title(), "command", l));
                }
            }
            default -> {
                for (PlatformAdvice.Block b : blocks) {
                    out.println("== " + b.title() + " ==");
                    b.text().forEach(out::println);
                    b.commands().forEach(c -> out.println("    " + c));
                    out.println();
                }
            }
        }
    }
}
