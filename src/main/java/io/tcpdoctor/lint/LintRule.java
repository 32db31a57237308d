package io.tcpdoctor.lint;

/** One check of the sysctl lint. Rules are listed in {@link SysctlLint#RULES}. */
public interface LintRule {
    /** Adds findings for the entries in the context. */
    void check(LintContext ctx);
}
