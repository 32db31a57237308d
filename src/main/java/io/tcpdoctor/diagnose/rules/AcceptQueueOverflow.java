package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.collect.ProcessFiles;
import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.model.SocketRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A listener whose accept queue is full or nearly so (LISTEN Recv-Q = queued connections, Send-Q = the limit),
 * with {@code ListenOverflows}/{@code ListenDrops} growth when sampling: the application does not accept fast enough,
 * or cannot because its process is out of file descriptors. On a full queue the kernel drops the client's final ACK
 * and keeps the request (tcp_check_req() in net/ipv4/tcp_minisocks.c, label listen_overflow), so the client believes
 * it is connected; with tcp_abort_on_overflow=1 it sends a RST instead.
 */
public final class AcceptQueueOverflow implements Rule {
    static final String ID = "accept-queue-overflow";
    /** Descriptors left at which the owner counts as out of them (accept() needs one per connection). */
    static final long EMFILE_HEADROOM = 2;

    @Override
    public List<String> ids() {
        return List.of(ID);
    }

    @Override
    public List<Finding> check(Context ctx) {
        OptionalLong overflows = ctx.counterDelta("TcpExt.ListenOverflows");
        boolean overflowing = overflows.isPresent() && overflows.getAsLong() > 0;
        List<Finding> out = new ArrayList<>();
        for (SocketRecord r : ctx.sockets().listenRows()) {
            if (r.recvQ() < 0 || r.sendQ() <= 0) {
                continue;
            }
            boolean full = r.recvQ() >= r.sendQ();
            boolean nearly = r.sendQ() >= 10 && r.recvQ() >= 0.8 * r.sendQ();
            if (!full && !nearly) {
                continue;
            }
            Severity sev = full && overflowing ? Severity.CRITICAL : Severity.WARNING;
            long somaxconn = somaxconn(ctx);
            var b = ctx.finding(ID, sev)
                    .title(r.local().toString(), Long.toString(r.recvQ()), Long.toString(r.sendQ()))
                    .local(r.local().toString())
                    .process(r.owner(), false)
                    .evidence("listen", r.local().toString())
                    .evidence("recv_q", r.recvQ())
                    .evidence("send_q", r.sendQ())
                    .evidence("queue_usage_pct", Context.round1(100.0 * r.recvQ() / r.sendQ()))
                    .evidence("somaxconn", somaxconn)
                    .evidence("tcp_abort_on_overflow", ctx.sysctlIfKnown("net.ipv4.tcp_abort_on_overflow"));
            counters(ctx, b);
            b.why(r.local().toString());
            if (overflowing) {
                b.whyKey(ID + ".why.overflowing", Long.toString(overflows.getAsLong()), Context.round1(ctx.seconds()));
            }
            if (r.sendQ() >= somaxconn) {
                b.whyKey(ID + ".why.capped", Long.toString(somaxconn));
            }
            // A process at its open-file limit cannot accept: accept() fails with EMFILE and the queue only grows.
            ProcessFiles pf = r.owner() != null && r.owner().pid() >= 0 ? ctx.host().processes().get(r.owner().pid()) : null;
            boolean outOfFds = pf != null && pf.headroom() >= 0 && pf.headroom() <= EMFILE_HEADROOM;
            if (outOfFds) {
                b.evidence("open_fds", pf.openFds()).evidence("max_open_files", pf.softLimit());
                b.whyKey(ID + ".why.emfile", Long.toString(pf.openFds()), Long.toString(pf.softLimit()));
                b.investigate("list-fds", Integer.toString(r.owner().pid()));
            }
            if (r.owner() != null && r.owner().pid() >= 0 && r.owner().name() != null && r.owner().name().contains("java")) {
                b.investigate("jcmd-thread-dump", Integer.toString(r.owner().pid()));
            }
            b.code("accept-faster").code("raise-app-backlog");
            somaxconnAction(b, somaxconn);
            out.add(b.build());
        }
        if (out.isEmpty() && overflowing) {
            // The queue overflowed during the sample but drained before the snapshot: name no listener.
            var b = ctx.finding(ID, Severity.WARNING).titleKey(ID + ".title.host", Long.toString(overflows.getAsLong()));
            counters(ctx, b);
            b.whyKey(ID + ".why.host").code("accept-faster").code("raise-app-backlog");
            somaxconnAction(b, somaxconn(ctx));
            out.add(b.build());
        }
        return out;
    }

    /** Raising somaxconn is advice only below 4096; at or above it the listen() backlog is what to raise. */
    private static void somaxconnAction(io.tcpdoctor.diagnose.FindingBuilder b, long somaxconn) {
        b.os(somaxconn < 4096 ? "raise-somaxconn" : "somaxconn-enough", Long.toString(somaxconn));
    }

    /** net.core.somaxconn; when unknown, the default of the kernel if known (4096 since 5.4, 128 before). */
    private static long somaxconn(Context ctx) {
        var kernel = ctx.host().kernel();
        return ctx.sysctl("net.core.somaxconn", kernel != null && !kernel.atLeast(5, 4) ? 128 : 4096);
    }

    private static void counters(Context ctx, io.tcpdoctor.diagnose.FindingBuilder b) {
        OptionalLong overflows = ctx.counterDelta("TcpExt.ListenOverflows");
        OptionalLong drops = ctx.counterDelta("TcpExt.ListenDrops");
        b.evidence("listen_overflows_delta", overflows)
                .evidence("listen_drops_delta", drops)
                .evidence("sample_seconds", ctx.sampled() ? Context.round1(ctx.seconds()) : null);
        if (!ctx.sampled()) {
            OptionalLong total = ctx.counter("TcpExt.ListenOverflows");
            b.evidence("listen_overflows_since_boot", total);
        }
    }
}
