package io.tcpdoctor.cli;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.advise.IpvsTimeouts;
import io.tcpdoctor.advise.PlatformAdvice;
import io.tcpdoctor.i18n.Messages;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code tune --target windows|lvs} and the options of those targets. */
public class PlatformOptions {
    @Option(names = "--target", paramLabel = "PLATFORM", defaultValue = "linux",
            description = "linux (this host), windows (registry and netsh commands) or lvs (ipvsadm timeouts). Default: ${DEFAULT-VALUE}.")
    String target = "linux";

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

    /** The target in lower case; an unknown one is a usage error. */
    String target() {
        String t = target.trim().toLowerCase(Locale.ROOT);
        if (!List.of("linux", "windows", "lvs").contains(t)) {
            throw new TcpdoctorException(ExitCode.USAGE, "unknown target '" + target + "'; valid: linux, windows, lvs");
        }
        return t;
    }

    /** True for advice on this Linux host (the default). */
    boolean linux() {
        return target().equals("linux");
    }

    /** The Windows or LVS advice. */
    List<PlatformAdvice.Block> advice(Messages msg) {
        return target().equals("windows") ? windows(msg) : lvs(msg);
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
        return BaseCommand.usage(() -> PlatformAdvice.windows(msg, timeWaitDelay, start, end));
    }

    private List<PlatformAdvice.Block> lvs(Messages msg) {
        IpvsTimeouts current = IpvsTimeouts.DEFAULTS;
        String from = null;
        if (timeouts != null) {
            current = IpvsTimeouts.parse(timeouts.toString(), TuneLint.readText(timeouts));
            from = timeouts.toString();
        }
        IpvsTimeouts set = lvsSet == null ? null : BaseCommand.usage(() -> IpvsTimeouts.parseSet(lvsSet));
        return PlatformAdvice.lvs(msg, current, from, set);
    }
}
