package io.tcpdoctor.cli;

import io.tcpdoctor.ExitCode;
import io.tcpdoctor.TcpdoctorException;
import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.collect.SysctlFile;
import io.tcpdoctor.diagnose.Diagnosis;
import io.tcpdoctor.diagnose.Engine;
import io.tcpdoctor.diagnose.HostFacts;
import io.tcpdoctor.diagnose.LiveObserver;
import io.tcpdoctor.diagnose.Observation;
import io.tcpdoctor.diagnose.Thresholds;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.query.SnapshotProvider;
import io.tcpdoctor.query.SocketFilter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
        for (double v : new double[] {portsWarn, portsCrit, fdWarn, fdCrit}) {
            if (!Double.isFinite(v)) {
                // NaN compares false with everything: it would pass the range test below and disable the rule.
                throw new IllegalArgumentException("thresholds must be numbers, got " + v
                        + " (--ports-warn, --ports-crit, --fd-warn, --fd-crit)");
            }
        }
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
        SnapshotProvider provider = source.open();
        Engine engine = new Engine(limits, msg);
        List<Problem> notes = new ArrayList<>();
        if (provider instanceof LiveSnapshots) {
            if (sysctlFile != null) {
                throw new TcpdoctorException(ExitCode.USAGE, "--sysctl is for captures; a live source reads the host's own values");
            }
            LiveObserver observer = new LiveObserver(provider, source.netns);
            Observation before = null;
            if (pause != null) {
                before = observer.take();
                sleep(err, pause);
            }
            Observation now = observer.take();
            notes.addAll(now.snapshot().notes());
            return new Result(engine.run(now, before), notes);
        }
        if (pause != null) {
            throw new TcpdoctorException(ExitCode.USAGE, "--sample needs a live source; a capture is a single moment");
        }
        HostFacts host = sysctlFile == null ? HostFacts.none() : loadSysctls(sysctlFile, notes);
        Snapshot snap = provider.take(SocketFilter.all(), new SnapshotProvider.Needs(true, true, false));
        notes.addAll(snap.notes());
        return new Result(engine.run(Observation.of(snap, host), null), notes);
    }

    /** Reads --sysctl FILE; unreadable or empty files are bad input, odd lines are notes. */
    static HostFacts loadSysctls(Path file, List<Problem> notes) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, "--sysctl: no such file " + file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, "--sysctl: " + file + " is not UTF-8 text (save it with 'sysctl -a > FILE')");
        } catch (IOException e) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, "--sysctl: cannot read " + file + ": " + e.getMessage());
        }
        SysctlFile parsed = SysctlFile.parse(file.toString(), text);
        if (parsed.values().isEmpty()) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, "--sysctl: " + file + " has no 'key = value' lines"
                    + (parsed.problems().isEmpty() ? "" : " (" + parsed.problems().getFirst().describe() + ")"));
        }
        notes.addAll(parsed.problems().stream().limit(5).toList());
        return HostFacts.ofSysctlFile(parsed, file.toString());
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
