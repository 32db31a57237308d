package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.diagnose.SocketIndex;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code tcp_tw_reuse=1} on a host that only accepts connections: reuse applies to connect() only, so it does
 * nothing for a server's TIME_WAIT (often set in the belief that it does).
 */
public final class RiskyTwReuseOnServer implements Rule {
    static final String ID = "risky-tw-reuse-on-server";

    @Override
    public List<String> ids() {
        return List.of(ID);
    }

    @Override
    public List<Finding> check(Context ctx) {
        OptionalLong reuse = ctx.sysctlIfKnown("net.ipv4.tcp_tw_reuse");
        SocketIndex idx = ctx.sockets();
        if (reuse.isEmpty() || reuse.getAsLong() != 1 || idx.listenerCount() == 0) {
            return List.of();
        }
        long outgoing = idx.outgoingCount();
        long serverTw = idx.serverTimeWait();
        if (outgoing > 0) {
            return List.of();
        }
        Severity sev = serverTw >= ctx.limits().timeWaitMin() ? Severity.WARNING : Severity.INFO;
        return List.of(ctx.finding(ID, sev)
                .title()
                .evidence("tcp_tw_reuse", 1)
                .evidence("listening_ports", idx.listenerCount())
                .evidence("outgoing_connections", 0)
                .evidence("server_time_wait", serverTw)
                .why()
                .os("tw-reuse-default")
                .code("server-keep-alive")
                .build());
    }
}
