package io.tcpdoctor.render;

import io.tcpdoctor.diagnose.Diagnosis;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code check} prints for monitoring: the status and Nagios exit code of the worst finding that is a problem
 * and not ignored, a summary naming the first few, and performance data.
 */
public record CheckView(String status, int exitCode, String summary, List<Finding> problems, Map<String, Long> perf) {
    /** How many findings the line names before "and N more". */
    static final int SHOWN = 3;

    /** The view of a diagnosis; findings whose id is in {@code ignore} never affect the status. */
    public static CheckView of(Diagnosis d, List<String> ignore, Messages msg) {
        List<Finding> problems = new ArrayList<>();
        for (Finding f : d.findings()) {
            if (f.severity() != Severity.INFO && !ignore.contains(f.id())) {
                problems.add(f);
            }
        }
        Severity worst = problems.isEmpty() ? null : problems.getFirst().severity();
        StringBuilder summary = new StringBuilder();
        if (problems.isEmpty()) {
            summary.append(msg.get("check.ok", Long.toString(d.observation().snapshot().counts().total())));
        } else {
            for (int i = 0; i < Math.min(SHOWN, problems.size()); i++) {
                Finding f = problems.get(i);
                summary.append(i == 0 ? "" : "; ").append(f.id()).append(": ").append(f.title());
            }
            if (problems.size() > SHOWN) {
                summary.append("; ").append(msg.get("check.more", Integer.toString(problems.size() - SHOWN)));
            }
        }
        return new CheckView(worst == null ? "OK" : worst.name(), worst == null ? 0 : worst.nagiosCode(), summary.toString(),
                problems, perfData(d.observation().snapshot().counts()));
    }

    /** Writes the one line (or JSON). */
    public void write(Format fmt, PrintWriter out) {
        if (fmt == Format.JSON) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("status", status);
            doc.put("exit_code", exitCode);
            doc.put("summary", summary);
            List<Map<String, Object>> found = new ArrayList<>();
            for (Finding f : problems) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", f.id());
                m.put("severity", f.severity().label());
                m.put("title", f.title());
                found.add(m);
            }
            doc.put("findings", found);
            doc.put("perf", perf);
            Json.write(out, doc);
        } else {
            StringBuilder line = new StringBuilder("TCPDOCTOR ").append(status).append(" - ").append(Terminal.field(summary).replace('|', '/'));
            line.append(" |");
            perf.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
            out.println(line);
        }
    }

    /** Nagios performance data: the total and the states operators graph. */
    public static Map<String, Long> perfData(StateCounts c) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("total", c.total());
        for (TcpState s : new TcpState[] {TcpState.ESTABLISHED, TcpState.TIME_WAIT, TcpState.CLOSE_WAIT, TcpState.SYN_RECV,
                TcpState.FIN_WAIT1, TcpState.FIN_WAIT2, TcpState.LAST_ACK}) {
            m.put(s.name().toLowerCase(java.util.Locale.ROOT), c.get(s));
        }
        return m;
    }
}
