package io.tcpdoctor.render;

import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.lint.LintFinding;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Text (compiler style, {@code file:line: severity: [id] message}), JSON and CSV for the sysctl.conf lint. */
public final class LintRenderer {
    private LintRenderer() {
    }

    /** Writes the lint result. */
    public static void write(Format fmt, PrintWriter out, Messages msg, LintView v) {
        switch (fmt) {
            case JSON -> {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("kernel", v.kernel());
                doc.put("files", v.files());
                List<Map<String, Object>> fs = new ArrayList<>();
                for (LintFinding f : v.findings()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("file", f.file());
                    m.put("line", f.line());
                    m.put("severity", f.severity().label());
                    m.put("code", f.code());
                    m.put("key", f.key());
                    m.put("message", f.message());
                    fs.add(m);
                }
                doc.put("findings", fs);
                doc.put("exit_code", v.exitCode());
                Json.write(out, doc);
            }
            case CSV -> {
                Csv.row(out, "file", "line", "severity", "code", "key", "message");
                for (LintFinding f : v.findings()) {
                    Csv.row(out, f.file(), f.line(), f.severity().label(), f.code(), f.key(), f.message());
                }
            }
            default -> {
                int[] n = new int[3];
                for (LintFinding f : v.findings()) {
                    out.println(f.describe(msg.get("lint.severity." + f.severity().label())));
                    n[f.severity().ordinal()]++;
                }
                if (v.findings().isEmpty()) {
                    out.println(msg.get("lint.clean", v.settings(), v.kernel()));
                } else {
                    out.println();
                    out.println(msg.get("lint.summary", n[0], n[1], n[2], v.settings(), v.kernel()));
                }
            }
        }
    }
}
