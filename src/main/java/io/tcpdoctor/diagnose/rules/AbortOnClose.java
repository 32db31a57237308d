package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.model.Severity;
import java.util.List;
import java.util.OptionalLong;

/**
 * Applications closing sockets with unread data, measured over a sample: the kernel then sends a RST instead of a FIN
 * and counts TcpExt TCPAbortOnClose (tcp_close() in net/ipv4/tcp.c, following RFC 2525 section 2.17). The peer sees
 * connection reset and may lose the last response.
 */
public final class AbortOnClose implements Rule {
    static final String ID = "abort-on-close";
    /** Resets per second from which the pattern is worth a look. */
    static final double MIN_PER_S = 1.0;

    @Override
    public List<String> ids() {
        return List.of(ID);
    }

    @Override
    public List<Finding> check(Context ctx) {
        OptionalLong d = ctx.counterDelta("TcpExt.TCPAbortOnClose");
        if (d.isEmpty() || !ctx.sampled() || d.getAsLong() / ctx.seconds() < MIN_PER_S) {
            return List.of();
        }
        double rate = d.getAsLong() / ctx.seconds();
        return List.of(ctx.finding(ID, Severity.WARNING)
                .title(Long.toString(d.getAsLong()), Context.round1(ctx.seconds()))
                .evidence("abort_on_close_delta", d.getAsLong())
                .evidence("abort_on_close_per_s", Context.round1(rate))
                .evidence("abort_on_data_delta", ctx.counterDelta("TcpExt.TCPAbortOnData"))
                .evidence("sample_seconds", Context.round1(ctx.seconds()))
                .why()
                .investigate("find-unread-closes")
                .code("drain-before-close")
                .build());
    }
}
