package io.tcpdoctor.cli;

import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.diagnose.Diagnosis;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.render.Format;
import io.tcpdoctor.render.Json;
import io.tcpdoctor.render.Terminal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tcpdoctor check}: one status line and a Nagios/Icinga exit code, for cron and monitoring systems. */
@Command(name = "check", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Run the diagnosis and print one line for monitoring: status, the worst findings, and performance data.",
                "Exit codes follow Nagios/Icinga: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (source unavailable, bad option "
                        + "value, unreadable file). INFO findings never raise the status."},
        footer = {"", "Examples:",
                "  tcpdoctor check",
                "  tcpdoctor check --sample 5s --ports-warn 60 --ports-crit 85",
                "  tcpdoctor check --ignore timestamps-off --close-wait 100",
                "", "Output, e.g.:",
                "  TCPDOCTOR CRITICAL - close-wait-leak: 812 CLOSE_WAIT sockets held by",
                "  java/4242: ... | total=2314 established=1200 time_wait=90 close_wait=812 ..."})
public class CheckCommand extends BaseCommand {
    /** Nagios UNKNOWN. */
    static final int UNKNOWN = 3;
    /** How many findings the line names before "and N more". */
    static final int SHOWN = 3;

    @Mixin
    SourceOptions source;

    @Mixin
    DiagnoseOptions options;

    @Option(names = "--ignore", paramLabel = "ID", split = ",",
            description = "Finding ids that never affect the status (repeatable, comma-separated), e.g. fin-timeout-misunderstood.")
    List<String> ignore = new ArrayList<>();

    @Override
    public Integer call() {
        Format fmt;
        Diagnosis d;
        Messages msg;
        try {
            fmt = format();
            msg = BaseCommand.usage(options::messages);
            DiagnoseOptions.Result result = options.run(source, err());
            printNotes(result.notes());
            d = result.diagnosis();
        } catch (TcpdoctorException | IllegalArgumentException | IllegalStateException e) {
            // Monitoring reads stdout and the code: an unavailable source is UNKNOWN, never CRITICAL.
            return NagiosUnknown.report(out(), output.format != null && output.format.trim().equalsIgnoreCase("json"),
                    Messages.forLang(safeLang()).get("check.unknown", e.getMessage()));
        }
        List<Finding> problems = new ArrayList<>();
        for (Finding f : d.findings()) {
            if (f.severity() != Severity.INFO && !ignore.contains(f.id())) {
                problems.add(f);
            }
        }
        Severity worst = problems.isEmpty() ? null : problems.getFirst().severity();
        String status = worst == null ? "OK" : worst.name();
        int code = worst == null ? 0 : worst.nagiosCode();
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
        Map<String, Long> perf = perfData(d.observation().snapshot().counts());
        if (fmt == Format.JSON) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("status", status);
            doc.put("exit_code", code);
            doc.put("summary", summary.toString());
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
            Json.write(out(), doc);
        } else {
            // One line whatever a process name holds: its newlines and control characters become escapes.
            StringBuilder line = new StringBuilder("TCPDOCTOR ").append(status).append(" - ")
                    .append(Terminal.field(summary.toString()).replace('|', '/'));
            line.append(" |");
            perf.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
            out().println(line);
        }
        out().flush();
        return code;
    }

    private String safeLang() {
        try {
            Messages.resolve(options.language.lang);
            return options.language.lang;
        } catch (IllegalArgumentException e) {
            return "en";
        }
    }

    /** Nagios performance data: the total and the states operators graph. */
    static Map<String, Long> perfData(StateCounts c) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("total", c.total());
        for (TcpState s : new TcpState[] {TcpState.ESTABLISHED, TcpState.TIME_WAIT, TcpState.CLOSE_WAIT, TcpState.SYN_RECV,
                TcpState.FIN_WAIT1, TcpState.FIN_WAIT2, TcpState.LAST_ACK}) {
            m.put(s.name().toLowerCase(java.util.Locale.ROOT), c.get(s));
        }
        return m;
    }
}
