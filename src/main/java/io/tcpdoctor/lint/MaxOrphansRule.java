package io.tcpdoctor.lint;

import io.tcpdoctor.sysctl.KnobCatalogue;

import io.tcpdoctor.model.Severity;

/**
 * A tcp_max_orphans the memory cannot hold: ip-sysctl.rst says each orphan "eats up to ~64K of unswappable memory",
 * so a limit whose orphans would need more than the host's memory protects nothing.
 */
final class MaxOrphansRule implements LintRule {
    static final long PER_ORPHAN = 64 * 1024;

    @Override
    public void check(LintContext ctx) {
        long mem = ctx.memoryBytes();
        if (mem <= 0) {
            return;
        }
        ctx.eachInteger(KnobCatalogue.MAX_ORPHANS, v -> v > mem / PER_ORPHAN, (e, v) -> ctx.report(e, Severity.WARNING,
                "risky-value", "lint.max_orphans.huge", String.valueOf(v), TcpMemRule.bytes(v * PER_ORPHAN), TcpMemRule.bytes(mem)));
    }
}
