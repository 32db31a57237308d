package io.tcpdoctor.lint;

import io.tcpdoctor.model.Severity;

/**
 * Connection-tracking knobs: nf_conntrack_tcp_timeout_time_wait is conntrack's own TIME_WAIT (120 s default,
 * Documentation/networking/nf_conntrack-sysctl.rst), not the sockets'; an nf_conntrack_max below the entries in use
 * now leaves the table full at once, and new flows are dropped.
 */
final class ConntrackRule implements LintRule {
    static final String MAX = "net.netfilter.nf_conntrack_max";
    static final String TW = "net.netfilter.nf_conntrack_tcp_timeout_time_wait";
    static final String COUNT = "net.netfilter.nf_conntrack_count";

    @Override
    public void check(LintContext ctx) {
        ctx.eachInteger(TW, v -> true, (e, v) -> ctx.report(e, Severity.INFO, "misconception", "lint.conntrack.time_wait"));
        long inUse = ctx.sysctls().getLong(COUNT).orElse(-1L);
        ctx.eachInteger(MAX, v -> inUse >= 0 && v <= inUse, (e, v) ->
                ctx.report(e, Severity.WARNING, "risky-value", "lint.conntrack.max_below_count", String.valueOf(v), String.valueOf(inUse)));
    }
}
