package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.model.TcpState;
import java.util.List;

/**
 * Many TIME_WAIT in a source that has totals only (a pasted {@code netstat | awk | uniq -c} table, {@code ss -s}):
 * no grouping per destination is possible, but the close rate behind the count still is (Little's law).
 */
public final class TimeWaitTotals implements Rule {
    @Override
    public List<String> ids() {
        return List.of(TimeWaitPortExhaustion.PRESSURE);
    }

    @Override
    public List<Finding> check(Context ctx) {
        long tw = ctx.now().snapshot().counts().get(TcpState.TIME_WAIT);
        if (ctx.sockets().hasRecords() || tw < ctx.limits().timeWaitMin()) {
            return List.of();
        }
        double rate = (double) tw / Context.TIME_WAIT_SECONDS;
        return List.of(ctx.finding(TimeWaitPortExhaustion.PRESSURE, Severity.INFO)
                .titleKey(TimeWaitPortExhaustion.PRESSURE + ".title.totals", Long.toString(tw))
                .evidence("time_wait", tw)
                .evidence("close_rate_per_s", Context.round1(rate))
                .evidence("close_rate_source", io.tcpdoctor.observe.Delta.RateSource.LITTLES_LAW.id())
                .whyKey(TimeWaitPortExhaustion.PRESSURE + ".why.totals", Long.toString(tw), Context.round1(rate))
                .investigate("group-time-wait")
                .code("pool-connections")
                .code("server-keep-alive")
                .build());
    }
}
