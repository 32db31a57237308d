package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.observe.Delta;
import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.diagnose.SocketIndex;
import io.tcpdoctor.model.SocketRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * TIME_WAIT sockets on a listening port: the server closed first (for example an HTTP server ending
 * keep-alive connections). They use no ephemeral ports; the cost is memory and the TIME_WAIT bucket limit.
 */
public final class TimeWaitServerSide implements Rule {
    @Override
    public List<String> ids() {
        return List.of(TimeWaitPortExhaustion.PRESSURE);
    }

    @Override
    public List<Finding> check(Context ctx) {
        SocketIndex idx = ctx.sockets();
        Map<Integer, Long> perPort = idx.serverTimeWaitByPort();
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<Integer, Long> e : perPort.entrySet()) {
            long tw = e.getValue();
            if (tw < ctx.limits().timeWaitMin()) {
                continue;
            }
            int port = e.getKey();
            SocketRecord listener = idx.listener(port);
            Delta.CloseRate rate = ctx.timeWaitRate(r -> r.local().port() == port, tw);
            var b = ctx.finding(TimeWaitPortExhaustion.PRESSURE, Severity.INFO)
                    .titleKey(TimeWaitPortExhaustion.PRESSURE + ".title.server", Long.toString(tw), Integer.toString(port))
                    .local(listener.local().toString())
                    .process(listener.owner(), true)
                    .evidence("local_port", port)
                    .evidence("side", "server")
                    .evidence("time_wait", tw)
                    .evidence("close_rate_per_s", Context.round1(rate.perSecond()))
                    .evidence("close_rate_source", rate.source())
                    .whyKey("time-wait.why.server", Integer.toString(port));
            TimeWaitPortExhaustion.explainRate(b, rate, ctx);
            if (listener.owner() != null) {
                b.whyKey("process.inferred.listener", listener.owner().label(), Integer.toString(port));
            }
            b.code("server-keep-alive").code("let-client-close").os("tw-reuse-not-for-servers");
            out.add(b.build());
        }
        return out;
    }
}
