package io.tcpdoctor.cli;

import io.tcpdoctor.diagnose.rules.Rules;
import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.diagnose.Diagnosis;
import io.tcpdoctor.diagnose.Engine;
import io.tcpdoctor.diagnose.IndexedCapture;
import io.tcpdoctor.diagnose.Thresholds;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.model.SnapshotProvider;
import io.tcpdoctor.observe.Delta;
import io.tcpdoctor.observe.HostFacts;
import io.tcpdoctor.observe.Needs;
import io.tcpdoctor.observe.Sampler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by {@code diagnose} and {@code check}: sampling, host facts for captures, language, thresholds. */
public class DiagnoseOptions {
    @Mixin
    SampleOption sample = new SampleOption();

    @Mixin
    HostFactsOptions hostFacts = new HostFactsOptions();

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

    @Option(names = "--fin-wait2", paramLabel = "N", defaultValue = "500",
            description = "Report a FIN_WAIT2 pile-up from this many sockets in all. Default: ${DEFAULT-VALUE}.")
    long finWait2;

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
        if (timeWait < 1 || closeWait < 1 || synRecv < 1 || finWait2 < 1) {
            throw new IllegalArgumentException("--time-wait, --close-wait, --syn-recv and --fin-wait2 must be at least 1");
        }
        Thresholds d = Thresholds.DEFAULTS;
        return new Thresholds(portsWarn, portsCrit, timeWait, closeWait, fdWarn, fdCrit, synRecv, finWait2, d.unansweredFinMin());
    }

    /** The texts for --lang. */
    public Messages messages() {
        return Messages.forLang(language.lang);
    }

    /** A diagnosis and the notes its sources produced (for stderr). */
    public record Result(Diagnosis diagnosis, List<Problem> notes) {
    }

    /** Observes the source (twice when sampling) and runs the rules. */
    public Result run(SourceOptions source, java.io.PrintWriter err) {
        Thresholds limits = BaseCommand.usage(this::thresholds);
        Messages msg = BaseCommand.usage(this::messages);
        Duration pause = sample.duration();
        List<Problem> notes = new ArrayList<>();
        if (source.capture() && pause == null) {
            return streamCapture(source, limits, msg, notes);
        }
        try (Sampler sampler = new Sampler(source.observer(Needs.FULL, hostFacts, notes))) {
            Delta delta = Sampling.sample(sampler, pause, err);
            notes.addAll(delta.now().snapshot().notes());
            return new Result(Rules.engine(limits, msg).run(delta), notes);
        }
    }

    /** Diagnoses a capture in one pass over its rows: aggregates, not rows, so any size fits a small heap. */
    private Result streamCapture(SourceOptions source, Thresholds limits, Messages msg, List<Problem> notes) {
        SnapshotProvider provider = source.captureProvider();
        HostFacts host = hostFacts.load(notes);
        IndexedCapture read = IndexedCapture.read(provider, host);
        notes.addAll(read.notes());
        return new Result(Rules.engine(limits, msg).run(Delta.of(read.observation()), read.index(), null), notes);
    }

}
