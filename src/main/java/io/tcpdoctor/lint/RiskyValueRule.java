package io.tcpdoctor.lint;

import io.tcpdoctor.sysctl.KnobCatalogue;
import io.tcpdoctor.collect.SysctlConf;
import io.tcpdoctor.lint.LintFinding.Severity;
import java.util.Optional;

/** Values that work but hurt: too few SYN retries or keepalive probes, fewer TIME_WAIT buckets, no timestamps. */
final class RiskyValueRule implements LintRule {
    @Override
    public void check(LintContext ctx) {
        for (SysctlConf.Entry e : ctx.entries()) {
            Optional<Long> v = LintContext.integer(e.value());
            switch (e.key()) {
                case KnobCatalogue.SYN_RETRIES -> v.filter(x -> x < 3).ifPresent(x ->
                        ctx.report(e, Severity.WARNING, "risky-value", "lint.risky.syn_retries", String.valueOf(x), x + 1));
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

    private static void portRange(LintContext ctx, SysctlConf.Entry e) {
        String[] p = e.value().split("\\s+");
        if (p.length != 2) {
            return;
        }
        Optional<Long> lo = LintContext.integer(p[0]);
        Optional<Long> hi = LintContext.integer(p[1]);
        if (lo.isEmpty() || hi.isEmpty() || lo.get() > hi.get()) {
            return;
        }
        long n = hi.get() - lo.get() + 1;
        if (lo.get() < 1024) {
            ctx.report(e, Severity.WARNING, "risky-value", "lint.risky.port_low", String.valueOf(lo.get()));
        }
        if (n < 28232) {
            ctx.report(e, Severity.WARNING, "risky-value", "lint.risky.port_narrow", n);
        }
    }
}
