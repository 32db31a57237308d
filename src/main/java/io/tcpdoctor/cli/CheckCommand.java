package io.tcpdoctor.cli;

import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.diagnose.Diagnosis;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.render.CheckView;
import io.tcpdoctor.render.Format;
import java.util.ArrayList;
import java.util.List;
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
        CheckView v = CheckView.of(d, ignore, msg);
        v.write(fmt, out());
        out().flush();
        return v.exitCode();
    }

    private String safeLang() {
        try {
            Messages.resolve(options.language.lang);
            return options.language.lang;
        } catch (IllegalArgumentException e) {
            return "en";
        }
    }
}
