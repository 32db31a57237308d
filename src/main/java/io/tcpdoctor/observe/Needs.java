package io.tcpdoctor.observe;

/**
 * What an observer must read. Each part costs time on a busy host, so a command asks only for what it uses.
 *
 * @param records one record per socket (otherwise per-state totals may be enough)
 * @param owners the process behind each socket (a scan of /proc/PID/fd)
 * @param tcpInfo tcp_info per socket (live netlink only)
 * @param hostFacts sysctls, kernel counters, sockstat, limits and the kernel version
 * @param procWhenQuiet a small, quiet table may be read from /proc/net/tcp: backlogs are used only for queued
 *     listeners and SYN_RECV ports, tcp_info only for CLOSE_WAIT
 *     ({@link io.tcpdoctor.model.SnapshotProvider.Needs#procWhenQuiet})
 */
public record Needs(boolean records, boolean owners, boolean tcpInfo, boolean hostFacts, boolean procWhenQuiet) {
    /** Per-state totals only: the cheapest look. */
    public static final Needs COUNTS = new Needs(false, false, false, false);
    /** Socket records without owners or host facts. */
    public static final Needs RECORDS = new Needs(true, false, false, false);
    /**
     * Everything a diagnosis reads: records with owners and tcp_info, and the host facts; from /proc/net/tcp when
     * the table is small and quiet, since the diagnosis uses what /proc lacks only when it is not
     * ({@link io.tcpdoctor.model.SnapshotProvider.Needs#procWhenQuiet}).
     */
    public static final Needs FULL = new Needs(true, true, true, true, true);

    public Needs {
        // Owners and tcp_info are properties of records.
        records |= owners || tcpInfo;
    }

    public Needs(boolean records, boolean owners, boolean tcpInfo, boolean hostFacts) {
        this(records, owners, tcpInfo, hostFacts, false);
    }

    /** The same needs plus host facts. */
    public Needs withHostFacts() {
        return new Needs(records, owners, tcpInfo, true, procWhenQuiet);
    }

    /** The same needs plus socket owners. */
    public Needs withOwners() {
        return new Needs(true, true, tcpInfo, hostFacts, procWhenQuiet);
    }
}
