package io.tcpdoctor.model;

/** Where a command's sockets come from: the live kernel, or a saved capture. */
public interface SnapshotProvider {
    /**
     * What to fetch besides the filtered sockets.
     *
     * @param procWhenQuiet a live source may read a small table from /proc/net/tcp when it is quiet: no listener
     *     with a connection waiting to be accepted, no connection in SYN_RECV, none in CLOSE_WAIT when tcp_info is
     *     asked for. /proc lacks listeners' backlogs and tcp_info, and a caller that sets this reads a backlog only
     *     for a queued listener or a port with SYN_RECV connections, tcp_info only for CLOSE_WAIT (the diagnosis)
     */
    record Needs(boolean owners, boolean tcpInfo, boolean countsOnly, boolean procWhenQuiet) {
        public static final Needs RECORDS = new Needs(false, false, false);
        public static final Needs COUNTS = new Needs(false, false, true);

        public Needs(boolean owners, boolean tcpInfo, boolean countsOnly) {
            this(owners, tcpInfo, countsOnly, false);
        }
    }

    /**
     * Takes a snapshot of the sockets matching the filter. With {@code countsOnly} the provider may
     * return a snapshot without records when the filter allows it.
     */
    Snapshot take(SocketFilter filter, Needs needs);

    /**
     * Takes a snapshot handing each matching socket to {@code each} as it is read; the snapshot returned carries
     * the counts, notes and IPVS entries but need not keep the records (a capture streams them, so a 1 GB capture
     * needs no more memory than a small one). Live sources read the table first, then hand the rows on.
     */
    default Snapshot stream(SocketFilter filter, Needs needs, java.util.function.Consumer<SocketRecord> each) {
        Snapshot s = take(filter, needs);
        if (s.hasRecords()) {
            s.sockets().forEach(each);
        }
        return s;
    }

    /** A short description of the source for headers and JSON ({@code live netlink}, a file name). */
    String describe();
}
