package io.tcpdoctor.cli;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.fleet.FleetReader;
import io.tcpdoctor.fleet.FleetReport;
import io.tcpdoctor.fleet.FleetTexts;
import io.tcpdoctor.fleet.FleetView;
import io.tcpdoctor.fleet.PrometheusApi;
import io.tcpdoctor.fleet.Ranking;
import io.tcpdoctor.render.Format;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tcpdoctor fleet}: every host running {@code tcpdoctor serve}, ranked, from Prometheus's HTTP API. */
@Command(name = "fleet", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"The fleet at a glance: reads what 'tcpdoctor serve' exports on every host from Prometheus's HTTP API "
                + "and ranks the instances by active findings, CLOSE_WAIT, TIME_WAIT or port headroom, with the findings "
                + "across the fleet and which instances have each one.",
                "Values are summed over the namespaces an exporter watches. Instances that exported metrics within the last "
                        + "hour but not now are listed at the end."},
        footer = {"", "Examples:",
                "  tcpdoctor fleet --prometheus http://prometheus:9090",
                "  tcpdoctor fleet --prometheus http://prom:9090 --sort close-wait",
                "  tcpdoctor fleet --prometheus https://prom.example/prom --auth-file tok",
                "  tcpdoctor fleet --prometheus http://prom:9090 --since 30m --lang zh",
                "  tcpdoctor fleet --prometheus http://127.0.0.1:9090 --top 0 -o json",
                "", "Exit codes: 0 ok, 2 bad option or URL, 3 Prometheus unreachable or refusing (HTTP 401/403), "
                + "4 the URL does not answer like Prometheus."})
public class FleetCommand extends BaseCommand {
    /** The longest --since accepted (Prometheus keeps 15 days by default). */
    static final Duration MAX_SINCE = Duration.ofDays(7);
    /** The longest --timeout accepted. */
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    @Option(names = "--prometheus", paramLabel = "URL", required = true,
            description = "Prometheus server: http(s)://HOST:PORT, with the path prefix if it has one (--web.route-prefix).")
    String prometheus;

    @Option(names = "--auth-file", paramLabel = "FILE",
            description = "File holding a bearer token sent as 'Authorization: Bearer TOKEN' (never on the command line).")
    Path authFile;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "Time limit for connecting and for each answer, e.g. 5s or 500ms (1ms to 5m). Default: ${DEFAULT-VALUE}.")
    String timeout;

    @Option(names = "--sort", paramLabel = "KEY", defaultValue = "findings",
            description = "Rank by findings (most severe, then most), close-wait, time-wait or ports (least headroom). "
                    + "Default: ${DEFAULT-VALUE}.")
    String sort;

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "10m",
            description = "Look-back period for how findings spread: the findings table shows how many more instances "
                    + "have each finding than this long ago, e.g. 10m, 1h (1s to 7d). Default: ${DEFAULT-VALUE}.")
    String since;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20",
            description = "Instances shown in text and CSV output (0 = all; JSON lists all). Default: ${DEFAULT-VALUE}.")
    int top;

    @Mixin
    LanguageOption language = new LanguageOption();

    @Override
    public Integer call() {
        Format fmt = format();
        Ranking ranking = usage(() -> Ranking.parse(sort));
        FleetTexts texts = usage(() -> FleetTexts.forLang(language.lang));
        if (top < 0) {
            throw new TcpdoctorException(ExitCode.USAGE, "--top must be 0 (all) or more, got " + top);
        }
        Duration limit = Durations.parse("--timeout", timeout, Duration.ofMillis(1), MAX_TIMEOUT);
        Duration lookBack = Durations.parse("--since", since, Duration.ofSeconds(1), MAX_SINCE);
        PrometheusApi api = PrometheusApi.of(prometheus, authFile, limit);
        FleetView view = new FleetReader(api, texts, Clock.systemUTC()).read(ranking, lookBack);
        new FleetReport(texts, top).write(view, fmt, out());
        if (view.instances().isEmpty() && fmt != Format.TEXT) {
            err().println("tcpdoctor: note: " + texts.get("none"));
            err().flush();
        }
        return ExitCode.OK;
    }
}
