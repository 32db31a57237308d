package io.tcpdoctor.query;

import io.tcpdoctor.model.Snapshot;

/** Where a command's sockets come from: the live kernel, or a saved capture. */
public interface SnapshotProvider {
    /** What to fetch besides the filtered sockets. */
    record Needs(boolean owners, boolean tcpInfo, boolean countsOnly) {
        public static final Needs RECORDS = new Needs(false, false, false);
        public static final Needs COUNTS = new Needs(false, false, true);
    }

    /**
     * Takes a snapshot of the sockets matching the filter. With {@code countsOnly} the provider may
     * return a snapshot without records when the filter allows it.
     */
    Snapshot take(SocketFilter filter, Needs needs);

    /** A short description of the source for headers and JSON ({@code live netlink}, a file name). */
    String describe();
}
