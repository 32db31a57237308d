package io.tcpdoctor.cli;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.advise.Advisor;
import io.tcpdoctor.advise.DropIn;
import io.tcpdoctor.advise.Role;
import io.tcpdoctor.advise.RoleDetector;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.observe.Delta;
import io.tcpdoctor.observe.Facts;
import io.tcpdoctor.observe.Needs;
import io.tcpdoctor.observe.Observation;
import io.tcpdoctor.observe.PortFacts;
import io.tcpdoctor.observe.Sampler;
import io.tcpdoctor.ports.PortUsage;
import io.tcpdoctor.render.Format;
import io.tcpdoctor.render.TuneRenderer;
import io.tcpdoctor.render.TuneView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tcpdoctor tune}: sysctl advice for this kernel and workload, a sysctl.conf lint, Windows and LVS advice. */
@Command(name = "tune", sortOptions = false,
        description = {"Recommend sysctl changes that help this host, for this kernel and what it was seen doing (its role: "
                + "server, client or proxy, detected from the sockets or given). A change is proposed only to answer an observed "
                + "fact, which it names (the finding and its numbers): tcp_tw_reuse only for outgoing TIME_WAIT pressure on a "
                + "destination it does not cover yet, tcp_max_tw_buckets only when TIME_WAIT is near the limit or overflowed "
                + "(sized from the close rate x 60 s x 2), somaxconn only for an overflowing listener it caps, a risky value "
                + "back to its default. Never a value equal to or weaker than the current one; knobs left alone are listed "
                + "with the reason. Dry run by default. Knobs this kernel lacks are never proposed; tcp_tw_recycle never is.",
                "With --sample DURATION rates are measured between two observations (closes, counter deltas); without "
                        + "it they are estimated from the sockets present and said to be. With --lint, check sysctl.conf / "
                        + "sysctl.d files instead. On a capture (-i) the values come from --sysctl FILE (or documented "
                        + "defaults, listed as assumed), never from this host."},
        footer = {"", "Examples:",
                "  tcpdoctor tune                        # detect the role, show advice",
                "  tcpdoctor tune --sample 10s           # measure close and overflow rates first",
                "  tcpdoctor tune -N blue --write 90-blue.conf   # then: ip netns exec blue sysctl -p 90-blue.conf",
                "  tcpdoctor tune --role client --write 90-tcpdoctor.conf",
                "  sudo tcpdoctor tune --apply           # back up, set, write the drop-in",
                "  sudo tcpdoctor tune --rollback        # restore the backed-up values",
                "  tcpdoctor tune --lint /etc/sysctl.conf /etc/sysctl.d/*.conf",
                "  tcpdoctor tune -i netstat.txt --sysctl sysctl-a.txt   # advice for the host of a capture",
                "  tcpdoctor tune --target windows --time-wait-delay 30",
                "  ipvsadm -L --timeout > t.txt",
                "  tcpdoctor tune --target lvs --timeouts t.txt --lvs-set 0,60,0",
                "",
                "--apply takes an exclusive lock (/var/lib/tcpdoctor/tune.lock, flock), saves the previous values "
                        + "durably in /var/lib/tcpdoctor/sysctl-backup.conf (key = value, loadable with sysctl -p; the values "
                        + "before the first apply) and in a kept sysctl-backup-TIMESTAMP.conf (the values before this apply; "
                        + "restore one with --rollback --backup FILE), and writes /etc/sysctl.d/90-tcpdoctor.conf "
                        + "(through a symlink if it is one); if any value cannot be set, the "
                        + "values already set are restored and nothing is written. With -N NAME, --apply and --rollback "
                        + "act inside that network namespace: values only, no drop-in (sysctl.d configures the host at "
                        + "boot), backup in /var/lib/tcpdoctor/sysctl-backup-netns-NAME.conf.",
                "",
                "Exit codes of --lint: 0 clean (notes only), 5 warnings, 6 errors, 4 unreadable file, 2 usage error. "
                        + "Other modes: 0 ok, 2 usage error, 3 permission denied or namespace missing."})
public class TuneCommand extends BaseCommand {
    @Option(names = "--role", paramLabel = "ROLE",
            description = "server (accepts connections), client (opens them) or proxy (both). Default: detected from the sockets. "
                    + "It names the role; what is proposed still follows the sockets and counters.")
    String role;

    @Option(names = {"--lint", "--check"}, arity = "1..*", paramLabel = "FILE",
            description = "Lint these sysctl.conf / sysctl.d files (in load order: the last setting wins) against this kernel.")
    List<Path> lint;

    @Mixin
    ApplyOptions changes = new ApplyOptions();

    @Mixin
    PlatformOptions platform = new PlatformOptions();

    @Mixin
    SampleOption sample = new SampleOption();

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
        if ((lint != null ? 1 : 0) + changes.modes() > 1) {
            throw new TcpdoctorException(ExitCode.USAGE, "choose one of --lint, --write, --apply, --rollback");
        }
        if (!platform.linux()) {
            TuneRenderer.platform(fmt, out(), platform.target(), platform.advice(msg));
            return 0;
        }
        if (lint != null) {
            return TuneLint.run(lint, source.netns, fmt, out(), msg);
        }
        if ((changes.apply || changes.rollback) && source.capture()) {
            throw new TcpdoctorException(ExitCode.USAGE, "--apply and --rollback change this host; they cannot take a capture (-i)");
        }
        source.checkNetns();
        changes.check();
        Role given = role == null ? null : usage(() -> Role.parse(role));
        if (changes.rollback) {
            changes.rollback(source.netns, msg, out());
            return 0;
        }
        List<Problem> notes = new ArrayList<>();
        Delta delta;
        try (Sampler sampler = new Sampler(source.observer(new Needs(true, false, false, true), hostFacts, notes))) {
            delta = Sampling.sample(sampler, sample.duration(), err());
        }
        Observation obs = delta.now();
        notes.addAll(obs.snapshot().notes());
        printNotes(notes);
        Facts facts = new Facts(obs.host());
        PortFacts ports = PortFacts.of(obs, new Facts(obs.host()));
        List<SocketRecord> sockets = obs.snapshot().hasRecords() ? obs.snapshot().sockets() : List.of();
        PortUsage usage = PortUsage.of(sockets, facts.portRange());
        // Detect even with --role: listening ports and per-destination pressure shape the port advice.
        RoleDetector.Evidence evidence = RoleDetector.detect(sockets, usage);
        Role r = given != null ? given : evidence.role();
        Advisor.Advice advice = new Advisor(facts, msg).advise(r, delta, usage);
        String why = TuneTexts.why(msg, given != null, evidence);
        List<String> adviceNotes = new ArrayList<>(advice.notes());
        if (r == Role.UNKNOWN) {
            adviceNotes.addFirst(msg.get("tune.role.unknown"));
        }
        String kernel = obs.host().kernel() == null ? null : obs.host().kernel().release();
        String header = TuneTexts.dropInHeader(msg, r, kernel, source.netns);
        if (changes.toStdout()) {
            // '--write -': the drop-in alone on stdout, so that it can be piped (e.g. into sudo tee).
            out().print(DropIn.render(advice.changes(), header));
            return 0;
        }
        TuneRenderer.advice(fmt, out(), msg, new TuneView(kernel, r, given != null ? "given" : "detected", why, advice.changes(),
                advice.skipped(), adviceNotes, changes.mode(), ports, facts.describe(msg),
                delta.sampled() ? Math.round(delta.seconds() * 10) / 10.0 : null));
        changes.carryOut(advice.changes(), header, source.netns, fmt == Format.TEXT, msg, out());
        return 0;
    }
}
