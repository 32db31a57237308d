package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.model.TcpState;
import java.util.List;
import java.util.OptionalLong;

/**
 * TIME_WAIT sockets the kernel destroyed early because {@code tcp_max_tw_buckets} was reached
 * ({@code TcpExt.TCPTimeWaitOverflow}), or a TIME_WAIT count close to that limit.
 */
public final class TimeWaitBucketOverflow implements Rule {
    static final String ID = "time-wait-bucket-overflow";

    @Override
    public List<String> ids() {
        return List.of(ID);
    }

    @Override
    public List<Finding> check(Context ctx) {
        long tw = ctx.now().snapshot().counts().get(TcpState.TIME_WAIT);
        OptionalLong max = ctx.sysctlIfKnown("net.ipv4.tcp_max_tw_buckets");
        OptionalLong delta = ctx.counterDelta("TcpExt.TCPTimeWaitOverflow");
        OptionalLong total = ctx.counter("TcpExt.TCPTimeWaitOverflow");
        boolean overflowing = delta.isPresent() && delta.getAsLong() > 0;
        boolean near = max.isPresent() && max.getAsLong() > 0 && tw >= 0.9 * max.getAsLong();
        // A lifetime count without a sample only says it happened once; worth a note, not an alarm.
        boolean happened = !ctx.sampled() && total.isPresent() && total.getAsLong() > 0;
        if (!overflowing && !near && !happened) {
            return List.of();
        }
        Severity sev = overflowing || near ? Severity.WARNING : Severity.INFO;
        var b = ctx.finding(ID, sev)
                .title(Long.toString(tw), max.isPresent() ? Long.toString(max.getAsLong()) : "?")
                .evidence("time_wait", tw)
                .evidence("tcp_max_tw_buckets", max)
                .evidence("tw_overflow_delta", delta)
                .evidence("tw_overflow_since_boot", total)
                .evidence("sample_seconds", ctx.sampled() ? Context.round1(ctx.seconds()) : null)
                .why();
        b.os("restore-tw-buckets").code("pool-connections").code("server-keep-alive");
        return List.of(b.build());
    }
}
