package io.tcpdoctor.lint;

import io.tcpdoctor.sysctl.KnobCatalogue;
import io.tcpdoctor.collect.SysctlConf;
import io.tcpdoctor.lint.LintFinding.Severity;

/** Keys this kernel does not have: {@code sysctl -p} reports an error for each (unless the line starts with '-'). */
final class UnknownKeyRule implements LintRule {
    @Override
    public void check(LintContext ctx) {
        for (SysctlConf.Entry e : ctx.entries()) {
            if (e.key().equals(KnobCatalogue.TW_RECYCLE) || e.key().indexOf('*') >= 0 || ctx.sysctls().exists(e.key())) {
                continue;
            }
            if (e.ignoreErrors()) {
                ctx.report(e, Severity.NOTE, "unknown-key", "lint.unknown.ignored", e.key(), ctx.kernel().release());
            } else {
                ctx.report(e, Severity.WARNING, "unknown-key", "lint.unknown", e.key(), ctx.kernel().release());
            }
        }
    }
}
