package io.tcpdoctor.lint;

import io.tcpdoctor.sysctl.KnobCatalogue;
import io.tcpdoctor.lint.LintFinding.Severity;

/** tcp_tw_reuse relies on TCP timestamps: with tcp_timestamps=0 it cannot reuse anything. */
final class TimestampsReuseRule implements LintRule {
    @Override
    public void check(LintContext ctx) {
        String reuse = ctx.effective(KnobCatalogue.TW_REUSE).orElse("0");
        String ts = ctx.effective(KnobCatalogue.TIMESTAMPS).orElse("1");
        if (!"0".equals(reuse) && "0".equals(ts)) {
            ctx.last(KnobCatalogue.TIMESTAMPS).or(() -> ctx.last(KnobCatalogue.TW_REUSE)).ifPresent(e ->
                    ctx.report(e, Severity.WARNING, "timestamps-reuse", "lint.timestamps_reuse", reuse));
        }
    }
}
