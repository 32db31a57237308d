package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.diagnose.TopCounts;
import io.tcpdoctor.model.TcpState;
import java.util.List;

/**
 * FIN_WAIT1, CLOSING and LAST_ACK sockets piling up: a FIN was sent and not acknowledged, so the peer or the
 * network is not answering. The kernel retransmits orphans up to {@code tcp_orphan_retries} times.
 */
public final class UnansweredFinPileup implements Rule {
    static final String ID = "unanswered-fin-pileup";

    @Override
    public List<String> ids() {
        return List.of(ID);
    }

    @Override
    public List<Finding> check(Context ctx) {
        var counts = ctx.now().snapshot().counts();
        long fw1 = counts.get(TcpState.FIN_WAIT1);
        long closing = counts.get(TcpState.CLOSING);
        long lastAck = counts.get(TcpState.LAST_ACK);
        long total = fw1 + closing + lastAck;
        if (total < ctx.limits().unansweredFinMin()) {
            return List.of();
        }
        TopCounts peers = ctx.sockets().unansweredFinPeers();
        long retries = ctx.sysctl("net.ipv4.tcp_orphan_retries", 0);
        var b = ctx.finding(ID, Severity.WARNING)
                .title(Long.toString(total))
                .evidence("fin_wait1", fw1)
                .evidence("closing", closing)
                .evidence("last_ack", lastAck)
                .evidence("top_peers", peers.isEmpty() ? null : CloseWaitLeak.topPeers(peers, 3))
                .evidence("tcp_orphan_retries", retries)
                .why(retries == 0 ? "0 (= 8)" : Long.toString(retries));
        b.investigate("check-network-path").os("orphan-retries", retries == 0 ? "0 (= 8)" : Long.toString(retries));
        return List.of(b.build());
    }
}
