package io.tcpdoctor.lint;

import io.tcpdoctor.sysctl.KnobCatalogue;

import io.tcpdoctor.model.Severity;

/**
 * A tcp_fin_timeout of a few seconds: orphaned FIN_WAIT2 sockets are aborted that soon (ip-sysctl.rst: "before it
 * is aborted at the local end"), so a peer that sends its FIN later gets a RST for a connection closing cleanly.
 */
final class FinTimeoutLowRule implements LintRule {
    static final long MIN = 5;

    @Override
    public void check(LintContext ctx) {
        ctx.eachInteger(KnobCatalogue.FIN_TIMEOUT, v -> v < MIN, (e, v) ->
                ctx.report(e, Severity.WARNING, "risky-value", "lint.fin_timeout.low", String.valueOf(v)));
    }
}
