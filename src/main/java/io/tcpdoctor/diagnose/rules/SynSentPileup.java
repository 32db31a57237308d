package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.Language;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.diagnose.SocketIndex.SynSentGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Many connection attempts to one destination stuck in SYN_SENT: the destination is down or a firewall drops the
 * SYNs (a REJECT or a closed port answers with a RST, and connect() fails at once). Each attempt blocks its caller
 * until tcp_syn_retries (plus tcp_syn_linear_timeouts on 6.5+) retransmissions are used up or the application's
 * connect timeout fires.
 */
public final class SynSentPileup implements Rule {
    static final String ID = "syn-sent-pileup";
    /** Attempts to one destination that make a pile-up. */
    static final int MIN = 20;

    @Override
    public List<String> ids() {
        return List.of(ID);
    }

    @Override
    public List<Finding> check(Context ctx) {
        Map<Endpoint, SynSentGroup> byDest = ctx.sockets().synSent();
        long cut = ctx.sockets().synSentCut();
        List<Finding> out = new ArrayList<>();
        byDest.entrySet().stream().filter(e -> e.getValue().count() >= MIN)
                .sorted((a, b) -> Long.compare(b.getValue().count(), a.getValue().count()))
                .forEach(e -> {
                    SynSentGroup g = e.getValue();
                    Owner top = g.owners().entrySet().stream().max((x, y) -> Long.compare(x.getValue(), y.getValue()))
                            .map(Map.Entry::getKey).orElse(null);
                    String dest = e.getKey().toString();
                    var b = ctx.finding(ID, Severity.WARNING)
                            .title(Long.toString(g.count()), dest)
                            .peer(dest)
                            .process(top, false)
                            .language(Language.of(top, ctx.host().live()))
                            .evidence("destination", dest)
                            .evidence("syn_sent", g.count())
                            .evidence("max_syn_retransmits", g.maxRetrans() >= 0 ? g.maxRetrans() : null)
                            .evidence("syn_retrans_delta", ctx.counterDelta("TcpExt.TCPSynRetrans"))
                            .evidence("attempt_fails_delta", ctx.counterDelta("Tcp.AttemptFails"))
                            .evidence("tcp_syn_retries", ctx.sysctlIfKnown("net.ipv4.tcp_syn_retries"))
                            .evidence("tcp_syn_linear_timeouts", ctx.sysctlIfKnown("net.ipv4.tcp_syn_linear_timeouts"))
                            .evidence("destinations_not_tracked", cut > 0 ? cut : null)
                            .why(dest);
                    b.investigate("check-destination", e.getKey().addressText(), Integer.toString(e.getKey().port()))
                            .code("connect-timeout").code("circuit-breaker");
                    out.add(b.build());
                });
        return out;
    }
}
