package io.tcpdoctor.cli;

import io.tcpdoctor.ExitCode;
import io.tcpdoctor.TcpdoctorException;
import io.tcpdoctor.capture.CaptureFormat;
import io.tcpdoctor.capture.CaptureSnapshots;
import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.collect.SysctlFile;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.observe.HostFacts;
import io.tcpdoctor.observe.Needs;
import io.tcpdoctor.observe.Observer;
import io.tcpdoctor.query.SnapshotProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Where sockets come from: the live kernel (optionally inside a network namespace) or a saved capture. */
public class SourceOptions {
    @Option(names = "--source", paramLabel = "KIND",
            description = "Live source: auto (netlink sock_diag, falling back to /proc/net/tcp), netlink or proc. Default: auto.")
    String source;

    @Option(names = {"-N", "--netns"}, paramLabel = "NAME",
            description = "Look inside this named network namespace (as listed by 'ip netns list'), like ss -N. Needs root.")
    String netns;

    @Option(names = {"-i", "--input"}, paramLabel = "FILE",
            description = "Read a saved capture instead of the live kernel: netstat (Linux, Windows, macOS/BSD), ss, ss -s, "
                    + "/proc/net/tcp, Get-NetTCPConnection, ipvsadm -Lnc or awk/uniq -c counts. '-' reads stdin; "
                    + "gzip files are read as such. Example: --input netstat.txt.gz")
    String input;

    @Option(names = "--input-format", paramLabel = "NAME",
            description = "Skip format detection: netstat, ss, proc, windows, bsd, powershell, ipvsadm, ss-s or counts.")
    String inputFormat;

    @Option(names = "--strict", description = "With --input: fail (exit 4) on the first capture line that cannot be used, "
            + "instead of skipping it with a warning.")
    boolean strict;

    /**
     * The observer these options describe. A live source reads the host's own facts; a capture knows only those in
     * {@code sysctlFile} (null: none, and the analysis assumes documented defaults). Odd lines of the file go to
     * {@code notes}.
     */
    public Observer observer(Needs needs, Path sysctlFile, List<Problem> notes) {
        if (input == null) {
            checkLive();
            if (sysctlFile != null) {
                throw new TcpdoctorException(ExitCode.USAGE, "--sysctl is for captures; a live source reads the host's own values");
            }
            return Observer.live(kind(), netns, needs);
        }
        SnapshotProvider p = open();
        HostFacts given = sysctlFile == null ? HostFacts.none() : loadSysctls(sysctlFile, notes);
        return Observer.capture(p, given, needs);
    }

    /** Opens the provider these options describe. */
    public SnapshotProvider open() {
        if (input != null) {
            if (netns != null || source != null) {
                throw new TcpdoctorException(ExitCode.USAGE, "--input reads a saved capture; it cannot be combined with "
                        + (netns != null ? "--netns" : "--source"));
            }
            return new CaptureSnapshots(input, format(), strict);
        }
        checkLive();
        return new LiveSnapshots(kind(), netns);
    }

    private void checkLive() {
        if (inputFormat != null || strict) {
            throw new TcpdoctorException(ExitCode.USAGE, (strict ? "--strict" : "--input-format") + " needs --input FILE");
        }
    }

    private LiveSnapshots.Kind kind() {
        try {
            return LiveSnapshots.Kind.parse(source == null ? "auto" : source);
        } catch (IllegalArgumentException e) {
            throw new TcpdoctorException(ExitCode.USAGE, e.getMessage());
        }
    }

    /** Reads --sysctl FILE; unreadable or empty files are bad input, odd lines are notes. */
    static HostFacts loadSysctls(Path file, List<Problem> notes) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, "--sysctl: no such file " + file);
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

    /** The forced capture format, or null to detect it. */
    CaptureFormat format() {
        if (inputFormat == null) {
            return null;
        }
        try {
            return CaptureFormat.parse(inputFormat);
        } catch (IllegalArgumentException e) {
            throw new TcpdoctorException(ExitCode.USAGE, e.getMessage());
        }
    }
}
