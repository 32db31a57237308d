package io.tcpdoctor.observe;

import io.tcpdoctor.collect.FileNr;
import io.tcpdoctor.collect.KernelCounters;
import io.tcpdoctor.collect.KernelVersion;
import io.tcpdoctor.collect.ProcessFiles;
import io.tcpdoctor.collect.SockStat;
import io.tcpdoctor.collect.SysctlFile;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.collect.Words;
import io.tcpdoctor.sysctl.KnobCatalogue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What is known about the host besides its sockets. Every part may be absent: a saved capture has none
 * of it, {@code --sysctl FILE} gives only sysctls. Rules that need a missing value use a documented default
 * and record the assumption (see {@code diagnose.Context#sysctl}).
 *
 * @param sysctls dotted key to value (words separated by single spaces); empty when unknown
 * @param counters /proc/net/snmp and netstat counters, or null
 * @param sockstat /proc/net/sockstat, or null
 * @param kernel the kernel release, or null
 * @param processes open files per pid, for the processes that matter to the rules; empty when unknown
 * @param fileNr fs.file-nr, or null
 * @param origin where the facts came from: {@code live}, a file name, or {@code none}
 */
public record HostFacts(
        Map<String, String> sysctls,
        KernelCounters counters,
        SockStat sockstat,
        KernelVersion kernel,
        Map<Integer, ProcessFiles> processes,
        FileNr fileNr,
        String origin) {

    public HostFacts {
        sysctls = Map.copyOf(sysctls);
        processes = Map.copyOf(processes);
    }

    /** Nothing known (a capture without --sysctl). */
    public static HostFacts none() {
        return NONE;
    }

    private static final HostFacts NONE = new HostFacts(Map.of(), null, null, null, Map.of(), null, "none");

    /** The catalogue's sysctls as a live tree shows them (a knob this kernel lacks is absent), as live facts. */
    public static HostFacts ofLiveSysctls(Sysctls sys) {
        return new HostFacts(readSysctls(sys), null, null, null, Map.of(), null, "live");
    }

    /**
     * Reads every catalogue key the tree has: the knob catalogue is the one list of sysctls live collection reads
     * (loaded only here, so that a look that needs no host facts does not load it).
     */
    static Map<String, String> readSysctls(Sysctls sys) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String key : KnobCatalogue.keys()) {
            sys.get(key).ifPresent(v -> m.put(key, v));
        }
        return m;
    }

    /** Only sysctl values, e.g. from {@code --sysctl FILE}. */
    public static HostFacts ofSysctls(Map<String, String> sysctls, String origin) {
        return new HostFacts(sysctls, null, null, null, Map.of(), null, origin);
    }

    /**
     * The facts in a saved {@code sysctl -a} output or sysctl.conf: the sysctls, plus the kernel release and
     * fs.file-nr when the dump has them ({@code kernel.osrelease}, {@code fs.file-nr}).
     */
    public static HostFacts ofSysctlFile(SysctlFile file, String origin) {
        Map<String, String> v = file.values();
        KernelVersion kernel = v.containsKey("kernel.osrelease") ? KernelVersion.parse(v.get("kernel.osrelease")) : null;
        FileNr nr = null;
        if (v.containsKey("fs.file-nr")) {
            try {
                nr = FileNr.parse(v.get("fs.file-nr"));
            } catch (IllegalArgumentException e) {
                // A damaged value only means the host-wide fd check is skipped.
            }
        }
        return new HostFacts(v, null, null, kernel, Map.of(), nr, origin);
    }

    /** True when facts were read from the running kernel. */
    public boolean live() {
        return "live".equals(origin);
    }

    /** A sysctl's text value. */
    public Optional<String> sysctl(String key) {
        return Optional.ofNullable(sysctls.get(key));
    }

    /** The first integer of a sysctl value. */
    public OptionalLong sysctlLong(String key) {
        long[] v = sysctlLongs(key);
        return v == null || v.length == 0 ? OptionalLong.empty() : OptionalLong.of(v[0]);
    }

    /** All integers of a multi-value sysctl, or null when absent or not numeric. */
    public long[] sysctlLongs(String key) {
        return longs(sysctls.get(key));
    }

    /** All integers of a sysctl value (blank-separated), or null when it is null, blank or not all numbers. */
    public static long[] longs(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        List<String> parts = Words.of(v);
        long[] out = new long[parts.size()];
        try {
            for (int i = 0; i < out.length; i++) {
                out[i] = Long.parseLong(parts.get(i));
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return out;
    }
}
