package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.FindingBuilder;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.diagnose.SocketIndex;
import io.tcpdoctor.model.SocketRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Half-open connections (SYN_RECV) on a listener, compared with the listener's own SYN queue limit.
 *
 * <p>Since Linux 4.4 request sockets live in the listener's accept queue accounting: the queue is full when their
 * number exceeds the listener's backlog, min(listen() backlog, net.core.somaxconn), which is the LISTEN socket's
 * Send-Q (net/ipv4/tcp_input.c tcp_conn_request() calls inet_csk_reqsk_queue_is_full(); include/net/
 * inet_connection_sock.h). A SYN arriving at a full queue gets a cookie when tcp_syncookies is on (TcpExt
 * TCPReqQFullDoCookies, SyncookiesSent: tcp_syn_flood_action()) and is dropped when it is off (TCPReqQFullDrop,
 * ListenDrops). tcp_max_syn_backlog is consulted only with tcp_syncookies=0 (in tcp_conn_request(), new requests
 * from unproven peers are dropped once fewer than a quarter of it is left). Checked in a namespace on 6.x: a
 * listener with backlog 8 held 9 SYN_RECV with tcp_max_syn_backlog 512 or 4 when cookies were on; with cookies
 * off, tcp_max_syn_backlog=4 capped it at 4.
 */
public final class SynRecvFlood implements Rule {
    static final String ID = "syn-recv-flood";

    @Override
    public List<String> ids() {
        return List.of(ID);
    }

    @Override
    public List<Finding> check(Context ctx) {
        SocketIndex idx = ctx.sockets();
        Map<Integer, SocketIndex.SynRecvPort> perPort = idx.synRecv();
        OptionalLong maxSyn = ctx.sysctlIfKnown("net.ipv4.tcp_max_syn_backlog");
        OptionalLong doCookies = ctx.counterDelta("TcpExt.TCPReqQFullDoCookies");
        OptionalLong qFullDrop = ctx.counterDelta("TcpExt.TCPReqQFullDrop");
        boolean overflowing = positive(doCookies) || positive(qFullDrop);
        if (perPort.isEmpty() && !overflowing) {
            return List.of();
        }
        long cookies = ctx.sysctl("net.ipv4.tcp_syncookies", 1);
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<Integer, SocketIndex.SynRecvPort> e : perPort.entrySet()) {
            long n = e.getValue().count();
            // Distinct sources; a lower bound when the map reached its cap.
            int sources = (int) Math.min(Integer.MAX_VALUE, e.getValue().sources().counts().size() + e.getValue().sources().cut());
            int port = e.getKey();
            SocketRecord listener = idx.listener(port);
            // The LISTEN socket's Send-Q is its backlog; a capture without queues leaves it unknown (-1 or 0).
            long backlog = listener != null && listener.sendQ() > 0 ? listener.sendQ() : -1;
            long limit = synQueueLimit(backlog, cookies, maxSyn);
            boolean full = limit > 0 && n >= Math.max(2, limit);
            if (!full && n < ctx.limits().synRecvMin()) {
                continue;
            }
            Severity sev = full || positive(qFullDrop) ? Severity.CRITICAL : Severity.WARNING;
            var b = ctx.finding(ID, sev)
                    .titleKey(full ? ID + ".title.full" : ID + ".title", Long.toString(n), Integer.toString(port),
                            Long.toString(limit))
                    .local("*:" + port)
                    .process(listener == null ? null : listener.owner(), false)
                    .evidence("local_port", port)
                    .evidence("syn_recv", n)
                    .evidence("listen_backlog", backlog > 0 ? backlog : null)
                    .evidence("syn_queue_limit", limit > 0 ? limit : null)
                    .evidence("sources", sources)
                    .evidence("top_sources", CloseWaitLeak.topPeers(e.getValue().sources(), 3))
                    .evidence("tcp_syncookies", cookies)
                    .evidence("tcp_max_syn_backlog", maxSyn);
            counters(ctx, b);
            b.why(Integer.toString(port));
            if (full) {
                b.whyKey(cookies == 0 ? ID + ".why.full-drop" : ID + ".why.full-cookies", Long.toString(limit));
            }
            if (sources <= 3) {
                b.whyKey(ID + ".why.few-sources");
            }
            if (cookies == 0) {
                b.whyKey(ID + ".why.no-cookies");
            }
            actions(b, cookies, backlog, ctx);
            out.add(b.build());
        }
        if (out.isEmpty() && overflowing) {
            // The queue overflowed during the sample, but the snapshot shows no pile: a burst, or an empty queue now.
            long dc = doCookies.orElse(0);
            long dr = qFullDrop.orElse(0);
            var b = ctx.finding(ID, dr > 0 ? Severity.CRITICAL : Severity.WARNING)
                    .titleKey(ID + ".title.host", Long.toString(dc + dr), Context.round1(ctx.seconds()));
            counters(ctx, b);
            b.whyKey(ID + ".why.host");
            actions(b, cookies, -1, ctx);
            out.add(b.build());
        }
        return out;
    }

    /**
     * Request sockets a listener holds before new SYNs overflow: its backlog, plus one because the kernel calls the
     * queue full only when the count exceeds the backlog; with syncookies off also three quarters of
     * tcp_max_syn_backlog plus one (a request is dropped when fewer than a quarter of it is left). -1 when unknown
     * (/proc/net/tcp shows no backlog for a listener; netlink and ss do).
     */
    static long synQueueLimit(long backlog, long cookies, OptionalLong maxSyn) {
        long limit = backlog > 0 ? backlog + 1 : Long.MAX_VALUE;
        if (cookies == 0 && maxSyn.isPresent() && maxSyn.getAsLong() > 0) {
            long m = maxSyn.getAsLong();
            limit = Math.min(limit, m - (m >> 2) + 1);
        }
        return limit == Long.MAX_VALUE ? -1 : limit;
    }

    private static void actions(FindingBuilder b, long cookies, long backlog, Context ctx) {
        if (cookies == 0) {
            b.os("enable-syncookies");
        }
        OptionalLong somaxconn = ctx.sysctlIfKnown("net.core.somaxconn");
        b.code("raise-app-backlog").os("raise-somaxconn-syn", somaxconn.isPresent() ? Long.toString(somaxconn.getAsLong()) : "?");
        if (cookies == 0) {
            b.os("syn-backlog-without-cookies");
        }
        b.os("keep-synack-retries").os("rate-limit-syn").investigate("check-ack-path");
    }

    private static void counters(Context ctx, FindingBuilder b) {
        b.evidence("req_q_full_do_cookies_delta", ctx.counterDelta("TcpExt.TCPReqQFullDoCookies"))
                .evidence("req_q_full_drop_delta", ctx.counterDelta("TcpExt.TCPReqQFullDrop"))
                .evidence("syncookies_sent_delta", ctx.counterDelta("TcpExt.SyncookiesSent"))
                .evidence("listen_drops_delta", ctx.counterDelta("TcpExt.ListenDrops"))
                .evidence("sample_seconds", ctx.sampled() ? Context.round1(ctx.seconds()) : null);
    }

    private static boolean positive(OptionalLong v) {
        return v.isPresent() && v.getAsLong() > 0;
    }
}
