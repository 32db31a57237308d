package io.tcpdoctor.lint;

import io.tcpdoctor.sysctl.Knob;
import io.tcpdoctor.sysctl.KnobCatalogue;
import io.tcpdoctor.collect.SysctlConf;
import io.tcpdoctor.model.Severity;
import java.util.Optional;

/**
 * Values as the kernel reads them (see {@link KernelInts}): text where a number is expected is rejected (EINVAL),
 * text after the last expected number is ignored, a leading 0 means octal; text knobs receive everything after '='.
 * Verdicts were checked with procps {@code sysctl -p} 4.0.2 and systemd-sysctl 252 in a namespace (SysctlRealToolsTest).
 */
final class ValueSyntaxRule implements LintRule {
    @Override
    public void check(LintContext ctx) {
        for (SysctlConf.Entry e : ctx.entries()) {
            if (e.value().isEmpty()) {
                ctx.report(e, Severity.CRITICAL, "bad-value", "lint.value.empty", e.key());
                continue;
            }
            if (e.rawValue().chars().anyMatch(ch -> ch > 0x7e)) {
                continue; // InvisibleCharRule reports it.
            }
            int slots = ctx.slots(e.key());
            if (slots < 0) {
                // A text or list value: the kernel gets the comment too and rejects the whole value.
                if (ctx.sysctls().exists(e.key()) && e.value().matches("(?s).*\\s[#;].*")) {
                    ctx.report(e, Severity.CRITICAL, "bad-value", "lint.value.comment", e.key());
                }
                continue;
            }
            KernelInts.Result r = KernelInts.parse(e.rawValue(), slots);
            if (!r.accepted()) {
                String bad = r.badToken() == null ? e.value() : r.badToken();
                if (bad.indexOf('#') > 0 || bad.indexOf(';') > 0) {
                    ctx.report(e, Severity.CRITICAL, "bad-value", "lint.value.comment.glued", e.key(), bad);
                } else if (e.key().equals(KnobCatalogue.PORT_RANGE)) {
                    ctx.report(e, Severity.CRITICAL, "bad-value", "lint.value.range", e.value());
                } else {
                    ctx.report(e, Severity.CRITICAL, "bad-value", "lint.value.number", e.key(), e.value());
                }
                continue;
            }
            if (!r.rest().isEmpty()) {
                boolean comment = r.rest().startsWith("#") || r.rest().startsWith(";");
                String shown = r.rest().length() > 30 ? r.rest().substring(0, 27) + "..." : r.rest();
                ctx.report(e, Severity.INFO, "trailing-text", comment ? "lint.value.inline-comment" : "lint.trailing.ignored",
                        e.key(), shown);
            }
            if (r.octalToken() != null) {
                ctx.report(e, Severity.WARNING, "octal", "lint.value.octal", e.key(), r.octalToken(),
                        String.valueOf(KernelInts.number(r.octalToken())));
            }
            long v = r.values()[0];
            Optional<KnobCatalogue.Range> range = KnobCatalogue.range(e.key());
            range.filter(x -> !x.contains(v)).ifPresent(x -> ctx.report(e, Severity.CRITICAL, "bad-value",
                    "lint.value.outside", e.key(), String.valueOf(v), String.valueOf(x.min()), String.valueOf(x.max())));
        }
    }
}
