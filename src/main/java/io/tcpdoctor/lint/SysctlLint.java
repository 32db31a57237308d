package io.tcpdoctor.lint;

import io.tcpdoctor.collect.SysctlConf;
import io.tcpdoctor.collect.KernelVersion;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.lint.LintFinding.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Lints sysctl.conf / sysctl.d files against the running kernel and the facts tcpdoctor relies on. */
public final class SysctlLint {
    /** Every rule, in report order. Adding a rule adds one line here. */
    static final List<LintRule> RULES = List.of(
            new RecycleRule(),
            new UnknownKeyRule(),
            new InvisibleCharRule(),
            new ValueSyntaxRule(),
            new RiskyValueRule(),
            new TimestampsReuseRule(),
            new MisconceptionRule(),
            new DuplicateRule());

    /** Exit code of {@code tune --check} when there are warnings but no errors. */
    public static final int EXIT_WARNINGS = 5;
    /** Exit code of {@code tune --check} when there is at least one error. */
    public static final int EXIT_ERRORS = 6;

    private final Sysctls sysctls;
    private final KernelVersion kernel;
    private final Messages msg;

    public SysctlLint(Sysctls sysctls, KernelVersion kernel, Messages msg) {
        this.sysctls = sysctls;
        this.kernel = kernel;
        this.msg = msg;
    }

    /** One input file: its name for messages and its text. */
    public record Source(String name, String text) {
    }

    /** Lints files that are applied in the given order (later ones override earlier ones). */
    public List<LintFinding> check(List<Source> files) {
        List<SysctlConf.Entry> entries = new ArrayList<>();
        List<LintFinding> syntax = new ArrayList<>();
        for (Source f : files) {
            SysctlConf.Parsed p = SysctlConf.parse(f.name(), f.text());
            entries.addAll(p.entries());
            for (SysctlConf.SyntaxError e : p.errors()) {
                syntax.add(new LintFinding(e.file(), e.line(), Severity.ERROR, "syntax",
                        null, msg.get("lint.syntax." + e.reason(), e.raw().strip())));
            }
        }
        LintContext ctx = new LintContext(entries, sysctls, kernel, msg);
        for (LintRule r : RULES) {
            r.check(ctx);
        }
        List<LintFinding> all = new ArrayList<>(syntax);
        all.addAll(ctx.findings());
        List<String> order = files.stream().map(Source::name).toList();
        all.sort(Comparator.comparingInt((LintFinding f) -> order.indexOf(f.file()))
                .thenComparingInt(LintFinding::line).thenComparing(LintFinding::severity));
        return all;
    }

    /** 0 when there are only notes, {@link #EXIT_WARNINGS} for warnings, {@link #EXIT_ERRORS} for errors. */
    public static int exitCode(List<LintFinding> findings) {
        boolean warn = false;
        for (LintFinding f : findings) {
            if (f.severity() == Severity.ERROR) {
                return EXIT_ERRORS;
            }
            warn |= f.severity() == Severity.WARNING;
        }
        return warn ? EXIT_WARNINGS : 0;
    }
}
