package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Many FIN_WAIT2 sockets: this side sent its FIN and the peer has not closed yet. Orphaned ones (the application
 * already closed) end after {@code tcp_fin_timeout}; ones still held open after shutdown(SHUT_WR) can stay for ever.
 */
public final class FinWait2Pileup implements Rule {
    static final String ID = "fin-wait2-pileup";

    @Override
    public List<String> ids() {
        return List.of(ID);
    }

    @Override
    public List<Finding> check(Context ctx) {
        long total = 0;
        long held = 0;
        Map<Owner, Long> holders = new HashMap<>();
        Map<String, Long> peers = new HashMap<>();
        for (SocketRecord r : ctx.sockets().sockets()) {
            if (r.state() != TcpState.FIN_WAIT2) {
                continue;
            }
            total++;
            // Held open: the socket still has a file (an inode) or an owning process in the source; netstat -p
            // prints "-" for orphans, which have neither.
            if (r.inode() > 0 || r.owner() != null) {
                held++;
                if (r.owner() != null) {
                    holders.merge(r.owner(), 1L, Long::sum);
                }
            }
            peers.merge(r.remote().addressText(), 1L, Long::sum);
        }
        if (total < ctx.limits().finWait2Min()) {
            return List.of();
        }
        boolean ownersKnown = ownersKnown(ctx);
        long finTimeout = ctx.sysctl("net.ipv4.tcp_fin_timeout", 60);
        Owner top = holders.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        var b = ctx.finding(ID, Severity.WARNING)
                .title(Long.toString(total))
                .process(top, false)
                .evidence("fin_wait2", total)
                .evidence("orphaned", ownersKnown ? total - held : null)
                .evidence("held_open", ownersKnown ? held : null)
                .evidence("top_peers", CloseWaitLeak.topPeers(peers, 3))
                .evidence("tcp_fin_timeout", finTimeout)
                .why(Long.toString(finTimeout));
        if (!ownersKnown) {
            b.whyKey(ID + ".why.unknown");
        } else if (held > 0) {
            b.whyKey(ID + ".why.held", Long.toString(held));
            b.code("close-after-shutdown");
        }
        b.investigate("check-peer-closes");
        return List.of(b.build());
    }

    /**
     * True when the source tells held sockets from orphans: some socket other than the ownerless mini-sockets has an
     * inode or an owner (a live read, /proc/net/tcp, netstat -p, ss -p or -e). A netstat -tan capture has neither.
     */
    static boolean ownersKnown(Context ctx) {
        for (SocketRecord r : ctx.sockets().sockets()) {
            if (r.state() != TcpState.TIME_WAIT && r.state() != TcpState.SYN_RECV && (r.inode() > 0 || r.owner() != null)) {
                return true;
            }
        }
        return false;
    }
}
