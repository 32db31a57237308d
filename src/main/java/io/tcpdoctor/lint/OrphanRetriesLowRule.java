package io.tcpdoctor.lint;

import io.tcpdoctor.sysctl.KnobCatalogue;

import io.tcpdoctor.model.Severity;

/**
 * tcp_orphan_retries of 1 or 2: a closed socket's FIN (FIN_WAIT1, CLOSING, LAST_ACK) is given up after one or two
 * lost retransmissions. 0 means 8 (tcp_orphan_retries() in net/ipv4/tcp_timer.c), noted by MisconceptionRule.
 */
final class OrphanRetriesLowRule implements LintRule {
    @Override
    public void check(LintContext ctx) {
        ctx.eachInteger(KnobCatalogue.ORPHAN_RETRIES, v -> v >= 1 && v < 3, (e, v) ->
                ctx.report(e, Severity.WARNING, "risky-value", "lint.orphan_retries.low", String.valueOf(v)));
    }
}
