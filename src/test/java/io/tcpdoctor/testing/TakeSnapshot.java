package io.tcpdoctor.testing;

import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SnapshotProvider;
import io.tcpdoctor.model.SocketFilter;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;

/**
 * A child process that takes one live snapshot of its own namespace with owners, as a diagnosis asks for it
 * (records from /proc allowed when the table is quiet), and prints its source, then one line per socket:
 * {@code state local remote recv-q send-q uid inode pid}; a listener's send-q (its backlog, which /proc lacks) as
 * {@code -}. Arguments: source kind (auto, netlink, proc), and whether tcp_info is asked for (true, false).
 */
public final class TakeSnapshot {
    private TakeSnapshot() {
    }

    public static void main(String[] args) {
        LiveSnapshots live = new LiveSnapshots(LiveSnapshots.Kind.parse(args[0]), null);
        boolean tcpInfo = Boolean.parseBoolean(args[1]);
        Snapshot s = live.take(SocketFilter.all(), new SnapshotProvider.Needs(true, tcpInfo, false, true));
        StringBuilder out = new StringBuilder("SOURCE ").append(s.source()).append('\n');
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
