package io.tcpdoctor.cli;

import io.tcpdoctor.collect.SysctlConf;
import io.tcpdoctor.ExitCode;
import io.tcpdoctor.TcpdoctorException;
import io.tcpdoctor.collect.KernelCounters;
import io.tcpdoctor.collect.KernelVersion;
import io.tcpdoctor.collect.Netns;
import io.tcpdoctor.collect.Privileges;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.query.SnapshotProvider;
import io.tcpdoctor.query.SocketFilter;
import io.tcpdoctor.render.Csv;
import io.tcpdoctor.render.Format;
import io.tcpdoctor.render.Json;
import io.tcpdoctor.tune.Advisor;
import io.tcpdoctor.tune.Applier;
import io.tcpdoctor.tune.Change;
import io.tcpdoctor.tune.DropIn;
import io.tcpdoctor.tune.IpvsTimeouts;
import io.tcpdoctor.tune.KnobCatalogue;
import io.tcpdoctor.tune.LintFinding;
import io.tcpdoctor.tune.PlatformAdvice;
import io.tcpdoctor.tune.Role;
import io.tcpdoctor.tune.RoleDetector;
import io.tcpdoctor.tune.SysctlLint;
import io.tcpdoctor.tune.TextWrap;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tcpdoctor tune}: sysctl advice for this kernel and workload, a sysctl.conf lint, Windows and LVS advice. */
@Command(name = "tune", sortOptions = false,
        description = {"Recommend sysctl changes that help this host, for this kernel and its role (server, client "
                + "or proxy, detected from the sockets or given). Prints only changes that help, each with the current "
                + "value, the recommended one and why. Dry run by default. Knobs this kernel lacks are never proposed; "
                + "tcp_tw_recycle never is.",
                "With --check, lint sysctl.conf / sysctl.d files instead."},
        footer = {"", "Examples:",
                "  tcpdoctor tune                        # detect the role, show advice",
                "  tcpdoctor tune --role client --write 90-tcpdoctor.conf",
                "  sudo tcpdoctor tune --apply           # back up, set, write the drop-in",
                "  sudo tcpdoctor tune --rollback        # restore the backed-up values",
                "  tcpdoctor tune --check /etc/sysctl.conf /etc/sysctl.d/*.conf",
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
                "Exit codes of --check: 0 clean (notes only), 5 warnings, 6 errors, 4 unreadable file, 2 usage error. "
                        + "Other modes: 0 ok, 2 usage error, 3 permission denied or namespace missing."})
public class TuneCommand extends BaseCommand {
    @Option(names = "--role", paramLabel = "ROLE",
            description = "server (accepts connections), client (opens them) or proxy (both). Default: detected from the sockets.")
    String role;

    @Option(names = "--check", arity = "1..*", paramLabel = "FILE",
            description = "Lint these sysctl.conf / sysctl.d files (in load order: the last setting wins) against this kernel.")
    List<Path> check;

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

    @Option(names = "--target", paramLabel = "PLATFORM", defaultValue = "linux",
            description = "linux (this host), windows (registry and netsh commands) or lvs (ipvsadm timeouts). Default: ${DEFAULT-VALUE}.")
    String target;

    @Option(names = "--time-wait-delay", paramLabel = "SECONDS", defaultValue = "30",
            description = "windows: TcpTimedWaitDelay to propose, 30..300. Default: ${DEFAULT-VALUE}.")
    int timeWaitDelay;

    @Option(names = "--dynamic-ports", paramLabel = "START-END", defaultValue = "10000-65535",
            description = "windows: dynamic port range to propose. Default: ${DEFAULT-VALUE}.")
    String dynamicPorts;

    @Option(names = "--timeouts", paramLabel = "FILE", description = "lvs: output of 'ipvsadm -L --timeout' with the current values.")
    Path timeouts;

    @Option(names = "--lvs-set", paramLabel = "TCP,TCPFIN,UDP", description = "lvs: the timeouts you want (seconds, 0 keeps a value).")
    String lvsSet;

    @Mixin
    LanguageOption language;

    @Option(names = "--sysctl-root", hidden = true, defaultValue = "/proc/sys")
    Path sysctlRoot;

    @Option(names = "--sysctl-dir", hidden = true)
    Path sysctlDir;

    @Option(names = "--backup-dir", hidden = true)
    Path backupDir;

    @Mixin
    SourceOptions source;

    @Override
    public Integer call() {
        Format fmt = format();
        Messages msg = language.messages();
        String t = target.trim().toLowerCase(Locale.ROOT);
        int modes = (check != null ? 1 : 0) + (apply ? 1 : 0) + (rollback ? 1 : 0) + (write != null ? 1 : 0);
        if (modes > 1) {
            throw new TcpdoctorException(ExitCode.USAGE, "choose one of --check, --write, --apply, --rollback");
        }
        switch (t) {
            case "windows" -> {
                return platform(fmt, windows(msg));
            }
            case "lvs" -> {
                return platform(fmt, lvs(msg));
            }
            case "linux" -> {
            }
            default -> throw new TcpdoctorException(ExitCode.USAGE, "unknown target '" + target + "'; valid: linux, windows, lvs");
        }
        KernelVersion kernel = KernelVersion.running();
        if (check != null) {
            return lint(fmt, msg, kernel);
        }
        Role given = role == null ? null : usage(() -> Role.parse(role));
        source.checkNetns();
        if ((apply || rollback) && !Privileges.isRoot()) {
            // Said before any backup or drop-in path is looked at: without root, nothing can be set anyway.
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, (apply ? "--apply" : "--rollback")
                    + " sets kernel values and needs root (run it with sudo); nothing changed");
        }
        boolean toStdout = write != null && write.toString().equals("-");
        boolean inNetns = source.netns != null;
        // A named namespace is not configured from /etc/sysctl.d at boot: set its values only, and keep its
        // backup apart from the host's.
        Applier applier = new Applier(new Sysctls(sysctlRoot),
                sysctlDir != null ? sysctlDir : inNetns ? null : Applier.DEFAULT_DROPIN_DIR,
                backupDir != null ? backupDir : Applier.DEFAULT_BACKUP_DIR, inNetns ? source.netns : null);
        if (namedBackup != null && !rollback) {
            throw new TcpdoctorException(ExitCode.USAGE, "--backup FILE goes with --rollback");
        }
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
        // Detect even with --role: listening ports and per-destination pressure shape the port-range advice.
        RoleDetector.Evidence evidence = detect();
        Role r = given != null ? given : evidence.role();
        try (Netns ns = Netns.enter(source.netns)) {
            Sysctls sysctls = new Sysctls(sysctlRoot);
            KernelCounters counters = KernelCounters.read(ns.procNet());
            Advisor.Advice advice = new Advisor(sysctls, msg).advise(r, evidence, counters);
            String why = given != null ? msg.get("tune.role.given") : msg.get("tune.role.detected", evidence.accepted(),
                    evidence.listeners(), evidence.outgoing())
                    + (evidence.busiestDestination() == null ? "" : "; " + msg.get("tune.role.busiest",
                    evidence.busiestDestination(), evidence.busiestDestinationSockets()));
            List<String> notes = new ArrayList<>(advice.notes());
            if (r == Role.UNKNOWN) {
                notes.add(0, msg.get("tune.role.unknown"));
            }
            String header = msg.get("tune.dropin.header", msg.get("role." + r.label()), kernel.release());
            String mode = apply ? "apply" : write != null ? "write" : "dry-run";
            if (toStdout) {
                // '--write -': the drop-in alone on stdout, so that it can be piped (e.g. into sudo tee).
                out().print(DropIn.render(advice.changes(), header));
                return 0;
            }
            print(fmt, msg, kernel, r, why, advice.changes(), notes, mode);
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
                Applier.Result res = applier.apply(advice.changes(), DropIn.render(advice.changes(), header));
                if (fmt == Format.TEXT) {
                    String done = res.dropin() == null ? msg.get("tune.applied.values", res.keys().size(), res.backup(),
                            Privileges.shellWord(source.netns))
                            : msg.get("tune.applied", res.keys().size(), res.dropin(), res.backup());
                    TextWrap.wrap(done, 79).forEach(out()::println);
                }
            } else if (fmt == Format.TEXT) {
                TextWrap.wrap(msg.get("tune.dryrun"), 79).forEach(out()::println);
            }
        }
        return 0;
    }

    private RoleDetector.Evidence detect() {
        SnapshotProvider provider = source.open();
        Snapshot snap = provider.take(SocketFilter.all(), SnapshotProvider.Needs.RECORDS);
        printNotes(snap);
        long lo = 32768;
        long hi = 60999;
        try (Netns _ = Netns.enter(source.netns)) {
            long[] range = new Sysctls(sysctlRoot).getLongs(KnobCatalogue.PORT_RANGE).orElse(null);
            if (range != null && range.length == 2) {
                lo = range[0];
                hi = range[1];
            }
        }
        return RoleDetector.detect(snap.hasRecords() ? snap.sockets() : List.of(), lo, hi);
    }

    private void print(Format fmt, Messages msg, KernelVersion kernel, Role r, String why, List<Change> changes,
            List<String> notes, String mode) {
        PrintWriter out = out();
        switch (fmt) {
            case JSON -> {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("kernel", kernel.release());
                doc.put("role", r.label());
                doc.put("role_source", role != null ? "given" : "detected");
                doc.put("role_evidence", why);
                doc.put("changes", changes);
                doc.put("notes", notes);
                doc.put("mode", mode);
                Json.write(out, doc);
            }
            case CSV -> {
                Csv.row(out, "key", "current", "recommended", "reason");
                for (Change c : changes) {
                    Csv.row(out, c.key(), c.current(), c.recommended(), c.reason());
                }
            }
            default -> {
                TextWrap.wrap(msg.get("tune.header", kernel.release(), msg.get("role." + r.label()), why), 79).forEach(out::println);
                out.println();
                if (changes.isEmpty()) {
                    out.println(msg.get("tune.none"));
                }
                for (Change c : changes) {
                    out.println(msg.get("tune.change", c.key(), c.current(), c.recommended()));
                    TextWrap.wrap(c.reason(), 75).forEach(l -> out.println("    " + l));
                }
                out.println();
                for (String n : notes) {
                    TextWrap.wrap(msg.get("tune.note", n), 79).forEach(out::println);
                }
                out.println();
            }
        }
    }

    private int lint(Format fmt, Messages msg, KernelVersion kernel) {
        List<SysctlLint.Source> files = new ArrayList<>();
        for (Path p : check) {
            files.add(new SysctlLint.Source(p.toString(), readText(p)));
        }
        Sysctls sysctls;
        List<LintFinding> findings;
        try (Netns _ = Netns.enter(source.netns)) {
            sysctls = new Sysctls(sysctlRoot);
            findings = new SysctlLint(sysctls, kernel, msg).check(files);
        }
        int code = SysctlLint.exitCode(findings);
        PrintWriter out = out();
        switch (fmt) {
            case JSON -> {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("kernel", kernel.release());
                doc.put("files", check.stream().map(Path::toString).toList());
                List<Map<String, Object>> fs = new ArrayList<>();
                for (LintFinding f : findings) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("file", f.file());
                    m.put("line", f.line());
                    m.put("severity", f.severity().label());
                    m.put("code", f.code());
                    m.put("key", f.key());
                    m.put("message", f.message());
                    fs.add(m);
                }
                doc.put("findings", fs);
                doc.put("exit_code", code);
                Json.write(out, doc);
            }
            case CSV -> {
                Csv.row(out, "file", "line", "severity", "code", "key", "message");
                for (LintFinding f : findings) {
                    Csv.row(out, f.file(), f.line(), f.severity().label(), f.code(), f.key(), f.message());
                }
            }
            default -> {
                int[] n = new int[3];
                for (LintFinding f : findings) {
                    out.println(f.describe(msg.get("lint.severity." + f.severity().label())));
                    n[f.severity().ordinal()]++;
                }
                long settings = 0;
                for (SysctlLint.Source s : files) {
                    settings += SysctlConf.parse(s.name(), s.text()).entries().size();
                }
                if (findings.isEmpty()) {
                    out.println(msg.get("lint.clean", settings, kernel.release()));
                } else {
                    out.println();
                    out.println(msg.get("lint.summary", n[0], n[1], n[2], settings, kernel.release()));
                }
            }
        }
        return code;
    }

    /** Largest file --check and --timeouts read: sysctl files are small; anything bigger is not one. */
    static final long MAX_INPUT = 8L << 20;

    /** Reads a small text file; malformed UTF-8 is replaced (the lint reports non-ASCII text), not an error. */
    static String readText(Path p) {
        try {
            if (Files.isDirectory(p)) {
                throw new TcpdoctorException(ExitCode.BAD_INPUT, "cannot read " + p + ": is a directory");
            }
            if (Files.size(p) > MAX_INPUT) {
                throw new TcpdoctorException(ExitCode.BAD_INPUT, p + ": " + Files.size(p) + " bytes is too large for a sysctl file");
            }
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, "cannot read " + p + ": " + DropIn.reason(e));
        }
    }

    private List<PlatformAdvice.Block> windows(Messages msg) {
        String[] p = dynamicPorts.split("-");
        if (p.length != 2) {
            throw new TcpdoctorException(ExitCode.USAGE, "--dynamic-ports must be START-END, e.g. 10000-65535");
        }
        int start;
        int end;
        try {
            start = Integer.parseInt(p[0].trim());
            end = Integer.parseInt(p[1].trim());
        } catch (NumberFormatException e) {
            throw new TcpdoctorException(ExitCode.USAGE, "--dynamic-ports must be START-END with port numbers, e.g. 10000-65535, not '"
                    + dynamicPorts + "'");
        }
        return usage(() -> PlatformAdvice.windows(msg, timeWaitDelay, start, end));
    }

    private List<PlatformAdvice.Block> lvs(Messages msg) {
        IpvsTimeouts current = IpvsTimeouts.DEFAULTS;
        String from = null;
        if (timeouts != null) {
            current = IpvsTimeouts.parse(timeouts.toString(), readText(timeouts));
            from = timeouts.toString();
        }
        IpvsTimeouts set = lvsSet == null ? null : usage(() -> IpvsTimeouts.parseSet(lvsSet));
        return PlatformAdvice.lvs(msg, current, from, set);
    }

    private int platform(Format fmt, List<PlatformAdvice.Block> blocks) {
        PrintWriter out = out();
        switch (fmt) {
            case JSON -> {
                List<Map<String, Object>> bs = new ArrayList<>();
                for (PlatformAdvice.Block b : blocks) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("title", b.title());
                    m.put("text", b.text());
                    m.put("commands", b.commands());
                    bs.add(m);
                }
                Json.write(out, Map.of("target", target.toLowerCase(Locale.ROOT), "advice", bs));
            }
            case CSV -> {
                Csv.row(out, "title", "kind", "line");
                for (PlatformAdvice.Block b : blocks) {
                    b.text().forEach(l -> Csv.row(out, b.title(), "text", l));
                    b.commands().forEach(l -> Csv.row(out, b.title(), "command", l));
                }
            }
            default -> {
                for (PlatformAdvice.Block b : blocks) {
                    out.println("== " + b.title() + " ==");
                    b.text().forEach(out::println);
                    b.commands().forEach(c -> out.println("    " + c));
                    out.println();
                }
            }
        }
        return 0;
    }
}
