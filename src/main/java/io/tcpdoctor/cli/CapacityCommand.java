package io.tcpdoctor.cli;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.capacity.Capacity;
import io.tcpdoctor.capacity.Measured;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.observe.Delta;
import io.tcpdoctor.observe.Facts;
import io.tcpdoctor.observe.Needs;
import io.tcpdoctor.observe.PortFacts;
import io.tcpdoctor.observe.Sampler;
import io.tcpdoctor.render.CapacityRenderer;
import io.tcpdoctor.render.CapacityView;
import io.tcpdoctor.render.Format;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tcpdoctor capacity}: TIME_WAIT and ephemeral-port what-if calculator (Little's law and the 4-tuple). */
@Command(name = "capacity", sortOptions = false,
        description = {"What-if calculator for TIME_WAIT and ephemeral ports. Little's law: TIME_WAIT sockets = "
                + "closes per second x TIME_WAIT length (60 s on Linux). Ports run out per (source IP, destination IP, "
                + "destination port), not per host. Shows the steady state, when ports run out, what pooling, more "
                + "destinations, a wider range or tcp_tw_reuse (outgoing connections only) buy, and a chart of the "
                + "ports one destination holds."},
        footer = {"", "Examples:",
                "  tcpdoctor capacity --close-rate 1000      # needs 60,000 ports of 28,232: runs out",
                "  tcpdoctor capacity --close-rate 1000 --destinations 4 --reuse-factor 10",
                "  tcpdoctor capacity --close-rate 300 --time-wait-length 120 --port-range 49152-65535",
                "  tcpdoctor capacity --from-host            # the busiest destination of this host",
                "  tcpdoctor capacity --from-host --sample 5s --format json",
                "  tcpdoctor capacity --from-host -i netstat.txt --sysctl sysctl-a.txt"})
public class CapacityCommand extends BaseCommand {
    @Option(names = "--close-rate", paramLabel = "PER_SECOND", description = "Connections closed per second (now, before --reuse-factor).")
    Double closeRate;

    @Option(names = "--time-wait-length", paramLabel = "SECONDS",
            description = "TIME_WAIT length: 60 on Linux (fixed); on Windows the TcpTimedWaitDelay value. Default: 60.")
    Double timeWait;

    /** The old name, which diagnose uses for a TIME_WAIT count: refused with the new name rather than read two ways. */
    @Option(names = "--time-wait", hidden = true)
    String oldTimeWait;

    @Option(names = "--port-range", paramLabel = "LOW-HIGH",
            description = "Ephemeral port range. Default: with --from-host the observed host's, else 32768-60999.")
    String portRange;

    @Option(names = "--destinations", paramLabel = "N",
            description = "Distinct (destination IP, destination port) pairs the closes spread over. Default: 1.")
    Integer destinations;

    @Option(names = "--tw-reuse", paramLabel = "on|off",
            description = "tcp_tw_reuse for these outgoing connections. Default: off (with --from-host: the observed host's value).")
    String twReuse;

    @Option(names = "--reuse-factor", paramLabel = "K", defaultValue = "1",
            description = "Requests per connection (keep-alive, pooling): divides the close rate. Default: ${DEFAULT-VALUE}.")
    double reuseFactor;

    @Option(names = "--from-host", description = "Fill the inputs from an observation (this host, -N NAME, or a capture with -i) "
            + "for the busiest (source IP, destination IP, destination port) group: its close rate (closes this host made "
            + "first: with --sample from kernel counters and its TIME_WAIT sockets, else from TIME_WAIT ages), port range, "
            + "tw_reuse. Modelled alone (--destinations 1) unless --destinations is given.")
    boolean fromHost;

    @Mixin
    SampleOption sample = new SampleOption();

    @Option(names = "--no-chart", description = "Leave out the chart.")
    boolean noChart;

    @Mixin
    LanguageOption language;

    @Mixin
    SourceOptions source;

    @Mixin
    HostFactsOptions hostFacts = new HostFactsOptions();

    @Override
    public Integer call() {
        Format fmt = format();
        Messages msg = language.messages();
        if (oldTimeWait != null) {
            throw new TcpdoctorException(ExitCode.USAGE, "capacity takes the TIME_WAIT length as --time-wait-length SECONDS "
                    + "(--time-wait is diagnose's TIME_WAIT count threshold)");
        }
        var pause = sample.duration();
        if (!fromHost && (pause != null || hostFacts.given())) {
            throw new TcpdoctorException(ExitCode.USAGE, "--sample, --sysctl and --kernel measure inputs: add --from-host");
        }
        if (!fromHost && closeRate == null) {
            throw new TcpdoctorException(ExitCode.USAGE, "give --close-rate (closes per second) or --from-host");
        }
        List<String> lines = new ArrayList<>();
        Measured m = null;
        PortFacts facts = null;
        List<String> assumed = List.of();
        String fullNow = null;
        if (fromHost) {
            List<Problem> notes = new ArrayList<>();
            Delta delta;
            try (Sampler sampler = new Sampler(source.observer(new Needs(true, false, false, true), hostFacts, notes))) {
                delta = Sampling.sample(sampler, pause, err());
            }
            notes.addAll(delta.now().snapshot().notes());
            printNotes(notes);
            if (!delta.now().snapshot().hasRecords()) {
                throw new TcpdoctorException(ExitCode.BAD_INPUT, "--from-host needs per-socket rows, but "
                        + delta.now().source() + " has totals only");
            }
            Facts read = new Facts(delta.now().host());
            m = Measured.of(delta, read);
            facts = PortFacts.of(delta.now(), new Facts(delta.now().host()));
            assumed = read.describe(msg);
            lines.addAll(CapacityRenderer.measured(msg, m, destinations == null, closeRate == null));
            fullNow = closeRate == null && destinations == null ? CapacityRenderer.fullNow(msg, m) : null;
        }
        int[] range = portRange != null ? usage(() -> OptionValues.portRange(portRange))
                : m != null ? new int[] {m.range().low(), m.range().high()} : new int[] {Capacity.DEFAULT_LO, Capacity.DEFAULT_HI};
        int reserved = portRange == null && m != null ? m.reservedInRange() : 0;
        boolean reuseOn = twReuse != null ? usage(() -> OptionValues.onOff("--tw-reuse", twReuse)) : m != null && m.reuseApplies();
        double rate = closeRate != null ? closeRate : m.closeRate();
        // --from-host models the busiest destination alone: ports run out per destination, and spreading its rate
        // over the others would hide the one that fails first.
        int dests = destinations != null ? destinations : 1;
        double delay = m != null ? m.reuseDelay() : 1.0;
        double tw = timeWait == null ? Capacity.LINUX_TIME_WAIT : timeWait;
        if (dests < 1 || dests > Capacity.MAX_DESTINATIONS) {
            throw new TcpdoctorException(ExitCode.USAGE, "--destinations must be 1.." + Capacity.MAX_DESTINATIONS + ", not " + dests);
        }
        Capacity.Inputs in = usage(() -> new Capacity.Inputs(rate, tw, range[0], range[1], reserved, dests, reuseOn, reuseFactor, delay));
        List<Capacity.Scenario> scenarios = Capacity.scenarios(in, CapacityLabels.of(msg));
        CapacityRenderer.write(fmt, out(), msg, new CapacityView(in, scenarios, lines, !noChart, facts, assumed,
                closeRate != null || m == null ? "given" : m.rate().source(), fullNow));
        return 0;
    }
}
