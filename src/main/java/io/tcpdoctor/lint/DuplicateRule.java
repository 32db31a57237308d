package io.tcpdoctor.lint;

import io.tcpdoctor.collect.SysctlConf;
import io.tcpdoctor.lint.LintFinding.Severity;
import java.util.HashMap;
import java.util.Map;

/** A key set more than once: the last line wins, so the earlier value is silently ignored. */
final class DuplicateRule implements LintRule {
    @Override
    public void check(LintContext ctx) {
        Map<String, SysctlConf.Entry> seen = new HashMap<>();
        for (SysctlConf.Entry e : ctx.entries()) {
            SysctlConf.Entry before = seen.put(e.key(), e);
            if (before == null) {
                continue;
            }
            String where = before.file().equals(e.file()) ? "line " + before.line() : before.file() + ":" + before.line();
            if (before.value().equals(e.value())) {
                ctx.report(e, Severity.NOTE, "duplicate", "lint.duplicate.same", e.key(), where);
            } else {
                ctx.report(e, Severity.WARNING, "duplicate", "lint.duplicate", e.key(), where, before.value(), e.value());
            }
        }
    }
}
