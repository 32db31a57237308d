package io.tcpdoctor.lint;

import io.tcpdoctor.sysctl.KnobCatalogue;

import io.tcpdoctor.collect.SysctlConf;
import io.tcpdoctor.model.Severity;

/** Knobs that still exist but do nothing: tcp_low_latency (ip-sysctl.rst: "a legacy option, it has no effect anymore"). */
final class NoOpKnobRule implements LintRule {
    @Override
    public void check(LintContext ctx) {
        for (SysctlConf.Entry e : ctx.entries()) {
            if (e.key().equals(KnobCatalogue.LOW_LATENCY)) {
                ctx.report(e, Severity.INFO, "no-op", "lint.noop.low_latency");
            }
        }
    }
}
