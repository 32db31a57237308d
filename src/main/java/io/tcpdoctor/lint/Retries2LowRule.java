package io.tcpdoctor.lint;

import io.tcpdoctor.sysctl.KnobCatalogue;

import io.tcpdoctor.model.Severity;

/**
 * tcp_retries2 below 8: ip-sysctl.rst says RFC 1122 recommends at least 100 s before an established connection with
 * unacknowledged data is dropped, "which corresponds to a value of at least 8"; the default 15 gives about 924.6 s.
 */
final class Retries2LowRule implements LintRule {
    @Override
    public void check(LintContext ctx) {
        ctx.eachInteger(KnobCatalogue.RETRIES2, v -> v < 8, (e, v) ->
                ctx.report(e, Severity.WARNING, "risky-value", "lint.retries2.low", String.valueOf(v)));
    }
}
