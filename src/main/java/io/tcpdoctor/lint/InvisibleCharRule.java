package io.tcpdoctor.lint;

import io.tcpdoctor.collect.SysctlConf;
import io.tcpdoctor.lint.LintFinding.Severity;
import java.util.Locale;

/**
 * Non-ASCII characters in a value: no-break spaces (U+00A0) copied from a web page, or a comment pasted after
 * the value. sysctl passes them to the kernel: right after a number the kernel rejects the value (sysctl:
 * Invalid argument); after an ASCII space it ignores the rest of a single-number value.
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
            char ch = v.charAt(bad);
            String code = String.format(Locale.ROOT, "U+%04X", (int) ch);
            boolean glued = bad > 0 && !Character.isWhitespace(v.charAt(bad - 1));
            boolean invisible = Character.isSpaceChar(ch) || ch == '\u200b' || ch == '\ufeff' || ch == '\u200e';
            if (!invisible) {
                // Visible text after the value: a comment pasted on the same line (sysctl.conf has none).
                String text = v.substring(bad).strip();
                ctx.report(e, glued ? Severity.ERROR : Severity.WARNING, "trailing-text", glued
                        ? "lint.trailing.rejected" : "lint.trailing.ignored", e.key(), text.length() > 30 ? text.substring(0, 27) + "..." : text);
            } else if (glued) {
                ctx.report(e, Severity.ERROR, "invisible-char", "lint.invisible.rejected", code, e.key());
            } else {
                ctx.report(e, Severity.WARNING, "invisible-char", "lint.invisible.ignored", code, e.key());
            }
        }
    }
}
