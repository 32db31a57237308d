package io.tcpdoctor.cli;

import io.tcpdoctor.ExitCode;
import io.tcpdoctor.TcpdoctorException;
import io.tcpdoctor.diagnose.Diagnosis;
import io.tcpdoctor.diagnose.Engine;
import io.tcpdoctor.diagnose.Thresholds;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.observe.Delta;
import io.tcpdoctor.observe.Needs;
import io.tcpdoctor.observe.Sampler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by {@code diagnose} and {@code check}: sampling, host facts for captures, language, thresholds. */
public class DiagnoseOptions {
    /** The longest sample accepted: sampling holds the command for this long. */
    static final Duration MAX_SAMPLE = Duration.ofMinutes(10);

    @Option(names = "--sample", paramLabel = "DURATION",
            description = "Take two observations this far apart (e.g. 5s, 500ms, 1m) to measure close rates, counter "
                    + "deltas (ListenOverflows, TCPTimeWaitOverflow) and CLOSE_WAIT growth. Live sources only.")
    String sample;

    @Option(names = "--sysctl", paramLabel = "FILE",
            description = "For a capture: the host's sysctl values, as saved by 'sysctl -a > FILE' or a sysctl.conf file. "
                    + "Without it documented defaults are assumed and listed.")
    Path sysctlFile;

    @Mixin
    LanguageOption language = new LanguageOption();

    @Option(names = "--ports-warn", paramLabel = "PCT", defaultValue = "50",
            description = "Warn when a destination uses this share of the ephemeral ports. Default: ${DEFAULT-VALUE}.")
    double portsWarn;

    @Option(names = "--ports-crit", paramLabel = "PCT", defaultValue = "90",
            description = "Critical from this share of the ephemeral ports. Default: ${DEFAULT-VALUE}.")
    double portsCrit;

    @Option(names = "--time-wait", paramLabel = "N", defaultValue = "1000",
            description = "Report TIME_WAIT groups (per destination or listening port) from this size. Default: ${DEFAULT-VALUE}.")
    long timeWait;

    @Option(names = "--close-wait", paramLabel = "N", defaultValue = "20",
            description = "Report a CLOSE_WAIT leak from this many sockets per process. Default: ${DEFAULT-VALUE}.")
    long closeWait;

    @Option(names = "--fd-warn", paramLabel = "PCT", defaultValue = "80",
            description = "Warn when a process uses this share of its open-files limit. Default: ${DEFAULT-VALUE}.")
    double fdWarn;

    @Option(names = "--fd-crit", paramLabel = "PCT", defaultValue = "95",
            description = "Critical from this share of the open-files limit. Default: ${DEFAULT-VALUE}.")
    double fdCrit;

    @Option(names = "--syn-recv", paramLabel = "N", defaultValue = "256",
            description = "Report SYN_RECV per listening port from this many. Default: ${DEFAULT-VALUE}.")
    long synRecv;

    /** The thresholds these options describe. */
    public Thresholds thresholds() {
        if (portsWarn <= 0 || portsCrit < portsWarn || portsCrit > 100 || fdWarn <= 0 || fdCrit < fdWarn || fdCrit > 100) {
            throw new IllegalArgumentException("thresholds need 0 < warn <= crit <= 100 (--ports-warn/--ports-crit, --fd-warn/--fd-crit)");
        }
        if (timeWait < 1 || closeWait < 1 || synRecv < 1) {
            throw new IllegalArgumentException("--time-wait, --close-wait and --syn-recv must be at least 1");
        }
        Thresholds d = Thresholds.DEFAULTS;
        return new Thresholds(portsWarn, portsCrit, timeWait, closeWait, fdWarn, fdCrit, synRecv, d.finWait2Min(), d.unansweredFinMin());
    }

    /** The texts for --lang. */
    public Messages messages() {
        return Messages.forLang(language.lang);
    }

    /** Parses a duration such as {@code 5s}, {@code 500ms}, {@code 1m} or {@code 5} (seconds). */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            } else if (t.endsWith("m")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
            } else {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
            }
            if (d.isNegative() || d.isZero() || d.compareTo(MAX_SAMPLE) > 0) {
                throw new IllegalArgumentException("--sample must be between 1ms and 10m, got '" + text + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad duration '" + text + "'; use e.g. 5s, 500ms or 1m");
        }
    }

    /** A diagnosis and the notes its sources produced (for stderr). */
    public record Result(Diagnosis diagnosis, List<Problem> notes) {
    }

    /** Observes the source (twice when sampling) and runs the rules. */
    public Result run(SourceOptions source, java.io.PrintWriter err) {
        Thresholds limits = BaseCommand.usage(this::thresholds);
        Messages msg = BaseCommand.usage(this::messages);
        Duration pause = sample == null ? null : BaseCommand.usage(() -> parseDuration(sample));
        List<Problem> notes = new ArrayList<>();
        try (Sampler sampler = new Sampler(source.observer(Needs.FULL, sysctlFile, notes))) {
            if (pause != null && !sampler.observer().live()) {
                throw new TcpdoctorException(ExitCode.USAGE, "--sample needs a live source; a capture is a single moment");
            }
            Delta delta = sampler.next();
            if (pause != null) {
                sleep(err, pause);
                delta = sampler.next();
            }
            notes.addAll(delta.now().snapshot().notes());
            return new Result(new Engine(limits, msg).run(delta), notes);
        }
    }

    private static void sleep(java.io.PrintWriter err, Duration d) {
        try {
            io.tcpdoctor.render.Progress.sleep(err, "sampling", d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TcpdoctorException(ExitCode.INTERNAL, "interrupted while sampling");
        }
    }
}
