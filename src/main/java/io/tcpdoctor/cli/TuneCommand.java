package io.tcpdoctor.cli;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.advise.Advisor;
import io.tcpdoctor.advise.Applier;
import io.tcpdoctor.advise.DropIn;
import io.tcpdoctor.advise.Role;
import io.tcpdoctor.advise.RoleDetector;
import io.tcpdoctor.collect.Netns;
import io.tcpdoctor.collect.Privileges;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.observe.Facts;
import io.tcpdoctor.observe.Needs;
import io.tcpdoctor.observe.Observation;
import io.tcpdoctor.observe.Observer;
import io.tcpdoctor.observe.PortFacts;
import io.tcpdoctor.ports.PortUsage;
import io.tcpdoctor.render.Format;
import io.tcpdoctor.i18n.TextWrap;
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
        description = {"Recommend sysctl changes that help this host, for this kernel and its role (server, client "
                + "or proxy, detected from the sockets or given). Prints only changes that help, each with the current "
                + "value, the recommended one and why. Dry run by default. Knobs this kernel lacks are never proposed; "
                + "tcp_tw_recycle never is.",
                "With --lint, check sysctl.conf / sysctl.d files instead. On a capture (-i) the values come from --sysctl FILE "
                        + "(or documented defaults, listed as assumed), never from this host."},
        footer = {"", "Examples:",
                "  tcpdoctor tune                        # detect the role, show advice",
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
            description = "server (accepts connections), client (opens them) or proxy (both). Default: detected from the sockets.")
    String role;

    @Option(names = {"--lint", "--check"}, arity = "1..*", paramLabel = "FILE",
            description = "Lint these sysctl.conf / sysctl.d files (in load order: the last setting wins) against this kernel.")
    List<Path> lint;

    @Option(names = "--write", paramLabel = "FILE", description = "Write the recommended changes as a commented sysctl.d drop-in (atomic and durable; a symlink is written through, "
            + "anything but a regular file is refused). '-' prints the drop-in alone on standard output.")
    Path write;

    @Option(names = "--apply", description = "Root: back up current values, set the recommended ones, write /etc/sysctl.d/90-tcpdoctor.conf.")
    boolean apply;

    @Option(names = "--rollback", description = "Root: restore the values saved by --apply and remove (or restore) the drop-in.")
    boolean rollback;

    @Option(names = "--backup", paramLabel = "FILE", description = "With --rollback: restore the values of this backup "
            + "(each --apply keeps one, sysctl-backup-TIMESTAMP.conf, next to the current backup) instead of undoing every "
            + "apply since the last rollback.")
    Path namedBackup;

    @Mixin
    PlatformOptions platform = new PlatformOptions();

    @Mixin
    LanguageOption language;

    @Option(names = "--sysctl-dir", hidden = true)
    Path sysctlDir;

    @Option(names = "--backup-dir", hidden = true)
    Path backupDir;

    @Mixin
    SourceOptions source;

    @Mixin
    HostFactsOptions hostFacts = new HostFactsOptions();

    @Override
    public Integer call() {
        Format fmt = format();
        Messages msg = language.messages();
        int modes = (lint != null ? 1 : 0) + (apply ? 1 : 0) + (rollback ? 1 : 0) + (write != null ? 1 : 0);
        if (modes > 1) {
            throw new TcpdoctorException(ExitCode.USAGE, "choose one of --lint, --write, --apply, --rollback");
        }
        if (!platform.linux()) {
            TuneRenderer.platform(fmt, out(), platform.target(), platform.advice(msg));
            return 0;
        }
        if (lint != null) {
            return TuneLint.run(lint, source.netns, fmt, out(), msg);
        }
        if ((apply || rollback) && source.capture()) {
            throw new TcpdoctorException(ExitCode.USAGE, "--apply and --rollback change this host; they cannot take a capture (-i)");
        }
        Role given = role == null ? null : usage(() -> Role.parse(role));
        source.checkNetns();
        if ((apply || rollback) && !Privileges.isRoot()) {
            // Said before any backup or drop-in path is looked at: without root, nothing can be set anyway.
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, (apply ? "--apply" : "--rollback")
                    + " sets kernel values and needs root (run it with sudo); nothing changed");
        }
        if (namedBackup != null && !rollback) {
            throw new TcpdoctorException(ExitCode.USAGE, "--backup FILE goes with --rollback");
        }
        boolean toStdout = write != null && write.toString().equals("-");
        boolean inNetns = source.netns != null;
        // A named namespace is not configured from /etc/sysctl.d at boot: set its values only, and keep its
        // backup apart from the host's.
        Applier applier = new Applier(new Sysctls(), sysctlDir != null ? sysctlDir : inNetns ? null : Applier.DEFAULT_DROPIN_DIR,
                backupDir != null ? backupDir : Applier.DEFAULT_BACKUP_DIR, inNetns ? source.netns : null);
        if (rollback && namedBackup != null) {
            try (Netns _ = Netns.enter(source.netns)) {
                Applier.Result r = applier.rollback(namedBackup);
                out().println(msg.get("tune.rolledback.values", r.keys().size(), r.backup()));
            }
            return 0;
        }
        if (rollback) {
            try (Netns _ = Netns.enter(source.netns)) {
                Applier.Result r = applier.rollback();
                out().println(r.dropin() == null ? msg.get("tune.rolledback.values", r.keys().size(), r.backup())
                        : msg.get("tune.rolledback", r.keys().size(), r.backup(), r.dropin()));
            }
            return 0;
        }
        List<Problem> notes = new ArrayList<>();
        Observation obs;
        try (Observer o = source.observer(new Needs(true, false, false, true), hostFacts, notes)) {
            obs = o.observe();
        }
        notes.addAll(obs.snapshot().notes());
        printNotes(notes);
        Facts facts = new Facts(obs.host());
        PortFacts ports = PortFacts.of(obs, new Facts(obs.host()));
        List<SocketRecord> sockets = obs.snapshot().hasRecords() ? obs.snapshot().sockets() : List.of();
        // Detect even with --role: listening ports and per-destination pressure shape the port-range advice.
        RoleDetector.Evidence evidence = RoleDetector.detect(sockets, PortUsage.of(sockets, facts.portRange()));
        Role r = given != null ? given : evidence.role();
        Advisor.Advice advice = new Advisor(facts, msg).advise(r, evidence, obs.host().counters());
        String why = given != null ? msg.get("tune.role.given") : msg.get("tune.role.detected", evidence.accepted(),
                evidence.listeners(), evidence.outgoing())
                + (evidence.busiestDestination() == null ? "" : "; " + msg.get("tune.role.busiest",
                evidence.busiestDestination(), evidence.busiestDestinationSockets()));
        List<String> adviceNotes = new ArrayList<>(advice.notes());
        if (r == Role.UNKNOWN) {
            adviceNotes.addFirst(msg.get("tune.role.unknown"));
        }
        String kernel = obs.host().kernel() == null ? null : obs.host().kernel().release();
        String mode = apply ? "apply" : write != null ? "write" : "dry-run";
        String header = msg.get("tune.dropin.header", msg.get("role." + r.label()), kernel == null ? "?" : kernel);
        if (toStdout) {
            // '--write -': the drop-in alone on stdout, so that it can be piped (e.g. into sudo tee).
            out().print(DropIn.render(advice.changes(), header));
            return 0;
        }
        TuneRenderer.advice(fmt, out(), msg, new TuneView(kernel, r, given != null ? "given" : "detected", why, advice.changes(),
                adviceNotes, mode, ports, facts.describe(msg)));
        if (write != null) {
            DropIn.writeAtomic(write, DropIn.render(advice.changes(), header));
            if (fmt == Format.TEXT) {
                out().println(msg.get("tune.written", write, advice.changes().size()));
            }
        } else if (apply) {
            if (advice.changes().isEmpty()) {
                if (fmt == Format.TEXT) {
                    out().println(msg.get("tune.apply.nothing"));
                }
                return 0;
            }
            Applier.Result res;
            try (Netns _ = Netns.enter(source.netns)) {
                res = applier.apply(advice.changes(), DropIn.render(advice.changes(), header));
            }
            if (fmt == Format.TEXT) {
                String done = res.dropin() == null ? msg.get("tune.applied.values", res.keys().size(), res.backup(),
                        Privileges.shellWord(source.netns))
                        : msg.get("tune.applied", res.keys().size(), res.dropin(), res.backup());
                TextWrap.wrap(done, 79).forEach(out()::println);
            }
        } else if (fmt == Format.TEXT) {
            TextWrap.wrap(msg.get("tune.dryrun"), 79).forEach(out()::println);
        }
        return 0;
    }
}
