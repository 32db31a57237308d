package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.diagnose.SocketIndex;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.model.Owner;
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
        SocketIndex.FinWait2 fw2 = ctx.sockets().finWait2();
        long total = fw2.total();
        long held = fw2.held();
        Map<Owner, Long> holders = fw2.holders();
        if (total < ctx.limits().finWait2Min()) {
            return List.of();
        }
        boolean ownersKnown = ctx.sockets().ownersKnown();
        long finTimeout = ctx.sysctl("net.ipv4.tcp_fin_timeout", 60);
        Owner top = holders.entrySet().stream().max((x, y) -> Long.compare(x.getValue(), y.getValue()))
                .map(Map.Entry::getKey).orElse(null);
        var b = ctx.finding(ID, Severity.WARNING)
                .title(Long.toString(total))
                .process(top, false)
                .evidence("fin_wait2", total)
                .evidence("orphaned", ownersKnown ? total - held : null)
                .evidence("held_open", ownersKnown ? held : null)
                .evidence("top_peers", CloseWaitLeak.topPeers(fw2.peers(), 3))
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
}
