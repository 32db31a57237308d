package io.tcpdoctor.tune;

import io.tcpdoctor.collect.SysctlConf;
import io.tcpdoctor.tune.LintFinding.Severity;

/**
 * A tcp_fin_timeout of a few seconds: orphaned FIN_WAIT2 sockets are aborted that soon (ip-sysctl.rst: "before it
 * is aborted at the local end"), so a peer that sends its FIN later gets a RST for a connection closing cleanly.
 */
final class FinTimeoutLowRule implements LintRule {
    static final long MIN = 5;

    @Override
    public void check(LintContext ctx) {
        for (SysctlConf.Entry e : ctx.entries()) {
            if (e.key().equals(KnobCatalogue.FIN_TIMEOUT)) {
                LintContext.integer(e.value()).filter(v -> v < MIN).ifPresent(v ->
                        ctx.report(e, Severity.WARNING, "risky-value", "lint.fin_timeout.low", String.valueOf(v)));
            }
        }
    }
}
