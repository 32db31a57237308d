package io.tcpdoctor.lint;

import io.tcpdoctor.sysctl.KnobCatalogue;

import io.tcpdoctor.collect.SysctlConf;
import io.tcpdoctor.model.Severity;

/**
 * ip_local_port_range values the kernel refuses: low above high, above 65535, or below ip_unprivileged_port_start
 * (ipv4_local_port_range() in net/ipv4/sysctl_net_ipv4.c returns EINVAL; checked with sysctl -p in a namespace),
 * and a single number, which sets only the low end.
 */
final class PortRangeRule implements LintRule {
    @Override
    public void check(LintContext ctx) {
        for (SysctlConf.Entry e : ctx.entries()) {
            if (!e.key().equals(KnobCatalogue.PORT_RANGE)) {
                continue;
            }
            KernelInts.Result r = KernelInts.parse(e.rawValue(), 2);
            if (!r.accepted()) {
                continue; // ValueSyntaxRule reports it.
            }
            long lo = r.values()[0];
            long start = ctx.valueBefore(KnobCatalogue.UNPRIVILEGED_PORT_START, e).flatMap(LintContext::integer).orElse(1024L);
            if (lo < start) {
                ctx.report(e, Severity.CRITICAL, "bad-value", "lint.port.below_unprivileged", String.valueOf(lo), String.valueOf(start));
                continue;
            }
            if (r.values().length == 1) {
                String hi = ctx.valueBefore(KnobCatalogue.PORT_RANGE, e).map(v -> v.strip().split("\\s+"))
                        .filter(p -> p.length == 2).map(p -> p[1]).orElse("?");
                ctx.report(e, Severity.WARNING, "port-range", "lint.port.low_only", e.value(), hi);
                continue;
            }
            long hi = r.values()[1];
            if (lo > hi || hi > 65535 || lo < 1) {
                ctx.report(e, Severity.CRITICAL, "bad-value", "lint.value.range", e.value());
            }
        }
    }
}
