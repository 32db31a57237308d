package io.tcpdoctor.tune;

import io.tcpdoctor.tune.LintFinding.Severity;
import java.util.Locale;

/**
 * Non-ASCII characters in a value, typically no-break spaces (U+00A0) copied from a web page. sysctl passes
 * them to the kernel: right after a number the kernel rejects the value (sysctl: Invalid argument); after an
 * ASCII space it currently ignores them.
 */
final class InvisibleCharRule implements LintRule {
    @Override
    public void check(LintContext ctx) {
        for (SysctlConf.Entry e : ctx.entries()) {
            String v = e.rawValue();
            int bad = -1;
            for (int i = 0; i < v.length(); i++) {
                if (v.charAt(i) > 0x7e) {
                    bad = i;
                    break;
                }
            }
            if (bad < 0) {
                continue;
            }
            String code = String.format(Locale.ROOT, "U+%04X", (int) v.charAt(bad));
            boolean glued = bad > 0 && !Character.isWhitespace(v.charAt(bad - 1));
            if (glued) {
                ctx.report(e, Severity.ERROR, "invisible-char", "lint.invisible.rejected", code, e.key());
            } else {
                ctx.report(e, Severity.WARNING, "invisible-char", "lint.invisible.ignored", code, e.key());
            }
        }
    }
}
