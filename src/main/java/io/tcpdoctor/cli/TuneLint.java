package io.tcpdoctor.cli;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.advise.DropIn;
import io.tcpdoctor.collect.KernelVersion;
import io.tcpdoctor.collect.Netns;
import io.tcpdoctor.collect.SysctlConf;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.lint.LintFinding;
import io.tcpdoctor.lint.SysctlLint;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.observe.Needs;
import io.tcpdoctor.observe.Observer;
import io.tcpdoctor.ports.PortUsage;
import io.tcpdoctor.render.Format;
import io.tcpdoctor.render.LintRenderer;
import io.tcpdoctor.render.LintView;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** {@code tune --lint FILE...}: reads the files, lints them against this kernel (inside {@code -N NAME}), renders. */
final class TuneLint {
    /** Largest file --lint and --timeouts read: sysctl files are small; anything bigger is not one. */
    static final long MAX_INPUT = 8L << 20;

    private TuneLint() {
    }

    /** Lints and prints; returns the lint's exit code. */
    static int run(List<Path> paths, String netns, Format fmt, PrintWriter out, Messages msg) {
        KernelVersion kernel = KernelVersion.running();
        List<SysctlLint.Source> files = new ArrayList<>();
        for (Path p : paths) {
            files.add(new SysctlLint.Source(p.toString(), readText(p)));
        }
        List<LintFinding> findings;
        try (Netns _ = Netns.enter(netns)) {
            findings = new SysctlLint(new Sysctls(), kernel, msg).listening(listeningPorts(netns)).check(files);
        }
        long settings = 0;
        for (SysctlLint.Source s : files) {
            settings += SysctlConf.parse(s.name(), s.text()).entries().size();
        }
        int code = SysctlLint.exitCode(findings);
        LintRenderer.write(fmt, out, msg, new LintView(kernel.release(), paths.stream().map(Path::toString).toList(),
                findings, code, settings));
        return code;
    }

    /** Ports listening in the namespace, so the lint can flag a port range that hands them out; empty if unreadable. */
    private static Set<Integer> listeningPorts(String netns) {
        try (Observer o = Observer.live(netns, Needs.RECORDS)) {
            Snapshot snap = o.observe().snapshot();
            return snap.hasRecords() ? new TreeSet<>(PortUsage.listeningPorts(snap.sockets())) : Set.of();
        } catch (RuntimeException e) {
            return Set.of();
        }
    }

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
}
