package io.tcpdoctor.lint;

import io.tcpdoctor.sysctl.KnobCatalogue;
import io.tcpdoctor.collect.SysctlConf;
import io.tcpdoctor.model.Severity;
import java.util.Optional;

/** Values that work but hurt: too few SYN retries or keepalive probes, fewer TIME_WAIT buckets, no timestamps. */
final class RiskyValueRule implements LintRule {
    @Override
    public void check(LintContext ctx) {
        for (SysctlConf.Entry e : ctx.entries()) {
            Optional<Long> v = LintContext.integer(e.value());
            switch (e.key()) {
                case KnobCatalogue.SYN_RETRIES -> v.filter(x -> x < 3).ifPresent(x -> synRetries(ctx, e, x));
                case KnobCatalogue.SYNACK_RETRIES -> v.filter(x -> x < 2).ifPresent(x ->
                        ctx.report(e, Severity.WARNING, "risky-value", "lint.risky.synack_retries", String.valueOf(x)));
                case KnobCatalogue.KEEPALIVE_PROBES -> v.filter(x -> x < 3).ifPresent(x ->
                        ctx.report(e, Severity.WARNING, "risky-value", "lint.risky.keepalive_probes", String.valueOf(x)));
                case KnobCatalogue.SYNCOOKIES -> v.filter(x -> x == 0).ifPresent(x ->
                        ctx.report(e, Severity.WARNING, "risky-value", "lint.risky.syncookies"));
                case KnobCatalogue.TIMESTAMPS -> v.filter(x -> x == 0).ifPresent(x ->
                        ctx.report(e, Severity.WARNING, "risky-value", "lint.risky.timestamps"));
                case KnobCatalogue.SOMAXCONN -> v.filter(x -> x < 128).ifPresent(x ->
                        ctx.report(e, Severity.WARNING, "risky-value", "lint.risky.somaxconn", String.valueOf(x)));
                case KnobCatalogue.MAX_TW_BUCKETS -> v.ifPresent(x -> {
                    Optional<Long> running = ctx.sysctls().getLong(e.key());
                    if (running.isEmpty() || x < running.get()) {
                        ctx.report(e, Severity.WARNING, "risky-value", "lint.risky.max_tw_buckets", String.valueOf(x),
                                running.map(String::valueOf).orElse("?"));
                    }
                });
                case KnobCatalogue.PORT_RANGE -> portRange(ctx, e);
                default -> {
                }
            }
        }
    }

    /**
     * Linux 6.5 added tcp_syn_linear_timeouts (default 4) retransmissions on top of tcp_syn_retries: tcp_write_timeout()
     * in net/ipv4/tcp_timer.c expires a SYN_SENT socket at tcp_syn_retries + tcp_syn_linear_timeouts retransmissions
     * (commit "tcp: make the first N SYN RTO backoffs linear"; FACTS.md: measured 1 + 6 + 4 = 11 SYNs). The count is
     * quoted only when this kernel has the knob.
     */
    private static void synRetries(LintContext ctx, SysctlConf.Entry e, long retries) {
        long linear = ctx.sysctls().exists(KnobCatalogue.SYN_LINEAR)
                ? ctx.effective(KnobCatalogue.SYN_LINEAR).flatMap(LintContext::integer).orElse(0L) : 0;
        String extra = linear > 0 ? ctx.msg().get("lint.risky.syn_retries.linear", String.valueOf(linear)) : "";
        ctx.report(e, Severity.WARNING, "risky-value", "lint.risky.syn_retries", String.valueOf(retries),
                String.valueOf(1 + retries + linear), extra);
    }

    private static void portRange(LintContext ctx, SysctlConf.Entry e) {
        KernelInts.Result r = KernelInts.parse(e.rawValue(), 2);
        if (!r.accepted() || r.values().length != 2 || r.values()[0] > r.values()[1]) {
            return;
        }
        long n = r.values()[1] - r.values()[0] + 1;
        if (n < 28232) {
            ctx.report(e, Severity.WARNING, "risky-value", "lint.risky.port_narrow", n);
        }
    }
}
