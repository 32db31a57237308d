package io.tcpdoctor.testing;

import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SnapshotProvider;
import io.tcpdoctor.model.SocketFilter;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;

/**
 * A child process that takes one live snapshot of its own namespace with owners, as a diagnosis asks for it
 * (records from /proc allowed when the table is quiet), and prints its source, how many processes the owner scan
 * read ({@code SCANNED n}), then one line per socket:
 * {@code state local remote recv-q send-q uid inode pid}; a listener's send-q (its backlog, which /proc lacks) as
 * {@code -}. Arguments: source kind (auto, netlink, proc), whether tcp_info is asked for (true, false), and
 * optionally {@code as-if-quiet}: taken as the start-up cache's training takes it
 * ({@link LiveSnapshots#asIfSmallAndQuiet}).
 */
public final class TakeSnapshot {
    private TakeSnapshot() {
    }

    public static void main(String[] args) {
        LiveSnapshots live = new LiveSnapshots(LiveSnapshots.Kind.parse(args[0]), null);
        boolean tcpInfo = Boolean.parseBoolean(args[1]);
        SnapshotProvider.Needs needs = new SnapshotProvider.Needs(true, tcpInfo, false, true);
        Snapshot[] taken = new Snapshot[1];
        if (args.length > 2 && args[2].equals("as-if-quiet")) {
            LiveSnapshots.asIfSmallAndQuiet(() -> taken[0] = live.take(SocketFilter.all(), needs));
        } else {
            taken[0] = live.take(SocketFilter.all(), needs);
        }
        Snapshot s = taken[0];
        StringBuilder out = new StringBuilder("SOURCE ").append(s.source()).append('\n');
        out.append("SCANNED ").append(s.owners().processes()).append('\n');
        for (SocketRecord r : s.sockets()) {
            out.append(r.state()).append(' ').append(r.local()).append(' ').append(r.remote()).append(' ')
                    .append(r.recvQ()).append(' ').append(r.state() == TcpState.LISTEN ? "-" : Long.toString(r.sendQ()))
                    .append(' ').append(r.uid()).append(' ').append(r.inode()).append(' ')
                    .append(r.owner() == null ? "-" : Integer.toString(r.owner().pid())).append('\n');
        }
        System.out.print(out);
        System.out.flush();
    }
}
