package io.tcpdoctor.lint;

import io.tcpdoctor.sysctl.KnobCatalogue;

import io.tcpdoctor.model.Severity;

/**
 * tcp_abort_on_overflow=1 resets connections when the accept queue is full instead of letting the client retry
 * (tcp_check_req() in net/ipv4/tcp_minisocks.c); ip-sysctl.rst: enable it only if the listening service cannot be
 * tuned to accept faster, "enabling this option can harm clients of your server".
 */
final class AbortOnOverflowRule implements LintRule {
    @Override
    public void check(LintContext ctx) {
        ctx.eachInteger(KnobCatalogue.ABORT_ON_OVERFLOW, v -> v != 0, (e, v) ->
                ctx.report(e, Severity.WARNING, "risky-value", "lint.abort_on_overflow"));
    }
}
