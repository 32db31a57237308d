package io.tcpdoctor.lint;

import io.tcpdoctor.sysctl.KnobCatalogue;
import io.tcpdoctor.collect.SysctlConf;
import io.tcpdoctor.lint.LintFinding.Severity;
import java.util.Optional;

/** Settings that work, but not the way the documents that spread them claim (tcp_fin_timeout "for TIME_WAIT"...). */
final class MisconceptionRule implements LintRule {
    @Override
    public void check(LintContext ctx) {
        for (SysctlConf.Entry e : ctx.entries()) {
            Optional<Long> v = LintContext.integer(e.value());
            switch (e.key()) {
                case KnobCatalogue.FIN_TIMEOUT -> ctx.report(e, Severity.NOTE, "misconception", "lint.myth.fin_timeout");
                case KnobCatalogue.TW_REUSE -> v.filter(x -> x != 0).ifPresent(x ->
                        ctx.report(e, Severity.NOTE, "misconception", "lint.myth.tw_reuse"));
                case KnobCatalogue.KEEPALIVE_TIME, KnobCatalogue.KEEPALIVE_INTVL, KnobCatalogue.KEEPALIVE_PROBES ->
                        ctx.report(e, Severity.NOTE, "misconception", "lint.myth.keepalive", e.key());
                case KnobCatalogue.ORPHAN_RETRIES -> v.filter(x -> x == 0).ifPresent(x ->
                        ctx.report(e, Severity.NOTE, "misconception", "lint.myth.orphan_retries"));
                default -> {
                }
            }
        }
    }
}
