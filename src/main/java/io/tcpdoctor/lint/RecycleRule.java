package io.tcpdoctor.lint;

import io.tcpdoctor.sysctl.KnobCatalogue;
import io.tcpdoctor.collect.SysctlConf;
import io.tcpdoctor.lint.LintFinding.Severity;

/** tcp_tw_recycle: removed in 4.12 (sysctl -p fails on it) and broken for clients behind NAT before that. */
final class RecycleRule implements LintRule {
    @Override
    public void check(LintContext ctx) {
        for (SysctlConf.Entry e : ctx.entries()) {
            if (!e.key().equals(KnobCatalogue.TW_RECYCLE)) {
                continue;
            }
            if (!ctx.sysctls().exists(e.key())) {
                ctx.report(e, Severity.ERROR, "tw-recycle", "lint.recycle.removed", ctx.kernel().release());
            } else if (!"0".equals(e.value())) {
                ctx.report(e, Severity.ERROR, "tw-recycle", "lint.recycle.on");
            } else {
                ctx.report(e, Severity.NOTE, "tw-recycle", "lint.recycle.off");
            }
        }
    }
}
