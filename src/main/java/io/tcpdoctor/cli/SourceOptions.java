package io.tcpdoctor.cli;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.capture.CaptureFormat;
import io.tcpdoctor.capture.CaptureSnapshots;
import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.observe.HostFacts;
import io.tcpdoctor.observe.Needs;
import io.tcpdoctor.observe.Observer;
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

    /** The observer these options describe, for a command that uses no host facts besides the sockets. */
    public Observer observer(Needs needs) {
        return observer(needs, null, null);
    }

    /**
     * The observer these options describe. A live source reads the host's own facts; a capture knows only those the
     * user gave in {@code given} (null or empty: none, and the analysis assumes documented defaults). Odd lines of a
     * --sysctl file go to {@code notes}.
     */
    public Observer observer(Needs needs, HostFactsOptions given, List<Problem> notes) {
        checkNetns();
        if (input == null) {
            checkLive();
            if (given != null) {
                given.rejectForLive();
            }
            return Observer.live(kind(), netns, needs);
        }
        return Observer.capture(captureProvider(), given == null ? HostFacts.none() : given.load(notes), needs);
    }

    /**
     * The capture these options name (with --input), as the provider that streams its rows and can read a file
     * twice; for diagnose's one-pass reading of big captures.
     */
    public CaptureSnapshots captureProvider() {
        checkNetns();
        if (input == null || input.isEmpty()) {
            throw new TcpdoctorException(ExitCode.USAGE, "--input: empty file name; use '-' for standard input");
        }
        if (netns != null || source != null) {
            throw new TcpdoctorException(ExitCode.USAGE, "--input reads a saved capture; it cannot be combined with "
                    + (netns != null ? "--netns" : "--source"));
        }
        return new CaptureSnapshots(input, format(), strict);
    }

    /** True when the sockets come from a saved capture. */
    public boolean capture() {
        return input != null;
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

    /** A usage error for an empty or path-like --netns, before anything reads the host instead. */
    public void checkNetns() {
        io.tcpdoctor.collect.Netns.checkName(netns);
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
