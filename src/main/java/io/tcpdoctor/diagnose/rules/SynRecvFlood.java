package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.diagnose.SocketIndex;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/** Half-open connections (SYN_RECV) piling up on a listener: a SYN flood, or clients whose final ACK is lost. */
public final class SynRecvFlood implements Rule {
    static final String ID = "syn-recv-flood";

    @Override
    public List<String> ids() {
        return List.of(ID);
    }

    @Override
    public List<Finding> check(Context ctx) {
        SocketIndex idx = ctx.sockets();
        Map<Integer, Map<String, Long>> perPort = new TreeMap<>();
        for (SocketRecord r : idx.sockets()) {
            if (r.state() == TcpState.SYN_RECV) {
                perPort.computeIfAbsent(r.local().port(), k -> new HashMap<>()).merge(r.remote().addressText(), 1L, Long::sum);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, Long>> e : perPort.entrySet()) {
            long n = e.getValue().values().stream().mapToLong(Long::longValue).sum();
            if (n < ctx.limits().synRecvMin()) {
                continue;
            }
            // The default backlog depends on the machine's memory: compare only with a known value.
            OptionalLong backlog = ctx.sysctlIfKnown("net.ipv4.tcp_max_syn_backlog");
            long cookies = ctx.sysctl("net.ipv4.tcp_syncookies", 1);
            OptionalLong drops = ctx.counterDelta("TcpExt.ListenDrops");
            OptionalLong cookiesSent = ctx.counterDelta("TcpExt.SyncookiesSent");
            boolean dropping = drops.isPresent() && drops.getAsLong() > 0;
            Severity sev = dropping || cookies == 0 || (backlog.isPresent() && n >= backlog.getAsLong()) ? Severity.CRITICAL : Severity.WARNING;
            int port = e.getKey();
            SocketRecord listener = idx.listener(port);
            var b = ctx.finding(ID, sev)
                    .title(Long.toString(n), Integer.toString(port))
                    .local("*:" + port)
                    .process(listener == null ? null : listener.owner(), true)
                    .evidence("local_port", port)
                    .evidence("syn_recv", n)
                    .evidence("sources", e.getValue().size())
                    .evidence("top_sources", CloseWaitLeak.topPeers(e.getValue(), 3))
                    .evidence("tcp_max_syn_backlog", backlog)
                    .evidence("tcp_syncookies", cookies)
                    .evidence("listen_drops_delta", drops)
                    .evidence("syncookies_sent_delta", cookiesSent)
                    .why(Integer.toString(port));
            if (e.getValue().size() <= 3) {
                b.whyKey(ID + ".why.few-sources");
            }
            if (cookies == 0) {
                b.whyKey(ID + ".why.no-cookies");
            }
            b.os("enable-syncookies").os("raise-syn-backlog").os("lower-synack-retries").os("rate-limit-syn")
                    .investigate("check-ack-path");
            out.add(b.build());
        }
        return out;
    }
}
