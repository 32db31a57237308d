package io.tcpdoctor.cli;

import io.tcpdoctor.diagnose.Diagnosis;
import io.tcpdoctor.render.ReportWriter;
import io.tcpdoctor.render.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tcpdoctor diagnose}: findings that name the process, the peer, the cause and the fix. */
@Command(name = "diagnose", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Diagnose TCP connection-state problems: TIME_WAIT and ephemeral-port exhaustion per destination, "
                + "CLOSE_WAIT leaks per process, full accept queues, SYN_RECV floods, FIN_WAIT pile-ups, fd limits and risky "
                + "sysctls. Each finding names the process and peer, shows the numbers, explains why and lists code-level "
                + "and OS-level fixes.",
                "Live sources read owners, tcp_info, counters and sysctls (run as root to see every process). "
                        + "On a capture, missing host facts are assumed at their defaults and listed; --sysctl FILE gives real ones. "
                        + "A capture of any size is read once, keeping totals per destination, process and port, never its rows."},
        footer = {"", "Examples:",
                "  tcpdoctor diagnose",
                "  tcpdoctor diagnose --sample 5s        # measured rates and counter deltas",
                "  tcpdoctor diagnose -N blue --lang zh  # in netns 'blue', in Chinese",
                "  tcpdoctor diagnose --format json | jq '.findings[] | {id, severity, title}'",
                "", "Finding ids and the JSON shape are listed in the README (diagnose and check)."})
public class DiagnoseCommand extends BaseCommand {
    @Mixin
    SourceOptions source;

    @Mixin
    DiagnoseOptions options;

    @Override
    public Integer call() {
        var fmt = format();
        DiagnoseOptions.Result result = options.run(source, err());
        printNotes(result.notes());
        Diagnosis d = result.diagnosis();
        ReportWriter w = new ReportWriter(options.messages());
        switch (fmt) {
            case JSON -> Json.write(out(), w.json(d));
            case CSV -> w.csv(out(), d);
            default -> w.text(out(), d);
        }
        out().flush();
        return 0;
    }
}
