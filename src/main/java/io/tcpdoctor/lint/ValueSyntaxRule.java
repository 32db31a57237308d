package io.tcpdoctor.lint;

import io.tcpdoctor.sysctl.Knob;
import io.tcpdoctor.sysctl.KnobCatalogue;
import io.tcpdoctor.collect.SysctlConf;
import io.tcpdoctor.lint.LintFinding.Severity;
import java.util.Optional;

/** Values the kernel would reject: text for a number, a port range that is not "low high" with low <= high. */
final class ValueSyntaxRule implements LintRule {
    @Override
    public void check(LintContext ctx) {
        for (SysctlConf.Entry e : ctx.entries()) {
            if (e.value().isEmpty()) {
                ctx.report(e, Severity.ERROR, "bad-value", "lint.value.empty", e.key());
                continue;
            }
            if (e.rawValue().chars().anyMatch(ch -> ch > 0x7e)) {
                continue; // InvisibleCharRule reports it; the trimmed value is checked below only when clean.
            }
            if (e.value().indexOf('#') >= 0) {
                ctx.report(e, Severity.ERROR, "bad-value", "lint.value.comment", e.key());
                continue;
            }
            Optional<Knob> k = KnobCatalogue.find(e.key());
            if (k.isEmpty()) {
                continue;
            }
            if (e.key().equals(KnobCatalogue.PORT_RANGE)) {
                String[] p = e.value().split("\\s+");
                Optional<Long> lo = p.length == 2 ? LintContext.integer(p[0]) : Optional.empty();
                Optional<Long> hi = p.length == 2 ? LintContext.integer(p[1]) : Optional.empty();
                if (lo.isEmpty() || hi.isEmpty() || lo.get() < 1 || hi.get() > 65535 || lo.get() > hi.get()) {
                    ctx.report(e, Severity.ERROR, "bad-value", "lint.value.range", e.value());
                }
            } else if (k.get().numeric() && LintContext.integer(e.value()).isEmpty()) {
                ctx.report(e, Severity.ERROR, "bad-value", "lint.value.number", e.key(), e.value());
            } else if (k.get().numeric()) {
                long v = LintContext.integer(e.value()).get();
                KnobCatalogue.range(e.key()).filter(r -> !r.contains(v)).ifPresent(r -> ctx.report(e, Severity.ERROR,
                        "bad-value", "lint.value.outside", e.key(), String.valueOf(v), String.valueOf(r.min()), String.valueOf(r.max())));
            }
        }
    }
}
