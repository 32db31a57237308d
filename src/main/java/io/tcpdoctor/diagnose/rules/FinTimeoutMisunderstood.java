package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.model.TcpState;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code tcp_fin_timeout} lowered below its default of 60, usually "to shorten TIME_WAIT": it does not; it only
 * bounds FIN_WAIT2 of orphaned sockets. TIME_WAIT is a fixed 60 s.
 */
public final class FinTimeoutMisunderstood implements Rule {
    static final String ID = "fin-timeout-misunderstood";

    @Override
    public List<String> ids() {
        return List.of(ID);
    }

    @Override
    public List<Finding> check(Context ctx) {
        OptionalLong v = ctx.sysctlIfKnown("net.ipv4.tcp_fin_timeout");
        if (v.isEmpty() || v.getAsLong() >= 60) {
            return List.of();
        }
        return List.of(ctx.finding(ID, Severity.INFO)
                .title(Long.toString(v.getAsLong()))
                .evidence("tcp_fin_timeout", v.getAsLong())
                .evidence("time_wait", ctx.now().snapshot().counts().get(TcpState.TIME_WAIT))
                .why(Long.toString(v.getAsLong()))
                .os("fin-timeout-keep")
                .build());
    }
}
