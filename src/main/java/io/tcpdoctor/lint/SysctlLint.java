package io.tcpdoctor.lint;

import io.tcpdoctor.collect.SysctlConf;
import io.tcpdoctor.collect.KernelVersion;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Severity;
import java.util.ArrayList;
import java.util.List;

/** Lints sysctl.conf / sysctl.d files against the running kernel and the facts tcpdoctor relies on. */
public final class SysctlLint {
    /** Every rule, in report order. Adding a rule adds one line here. */
    static final List<LintRule> RULES = List.of(
            new RecycleRule(),
            new UnknownKeyRule(),
            new InvisibleCharRule(),
            new ValueSyntaxRule(),
            new PortRangeRule(),
            new PortRangeOverlapRule(),
            new RiskyValueRule(),
            new TcpMemRule(),
            new FinTimeoutLowRule(),
            new OrphanRetriesLowRule(),
            new MaxOrphansRule(),
            new Retries2LowRule(),
            new AbortOnOverflowRule(),
            new NoOpKnobRule(),
            new ConntrackRule(),
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
    private long memoryBytes;
    private java.util.Set<Integer> listening = java.util.Set.of();

    public SysctlLint(Sysctls sysctls, KernelVersion kernel, Messages msg) {
        this.sysctls = sysctls;
        this.kernel = kernel;
        this.msg = msg;
        // The memory of the host whose /proc/sys is read; a test tree has none.
        this.memoryBytes = sysctls.pathOf("kernel").getParent().equals(java.nio.file.Path.of("/proc/sys"))
                ? memTotal(java.nio.file.Path.of("/proc/meminfo")) : -1;
    }

    /** Sets the host memory the tcp_mem and tcp_max_orphans checks compare with (-1: unknown). */
    public SysctlLint memory(long bytes) {
        this.memoryBytes = bytes;
        return this;
    }

    /** Sets the ports listening on the host, which the port range should not hand out. */
    public SysctlLint listening(java.util.Set<Integer> ports) {
        this.listening = java.util.Set.copyOf(ports);
        return this;
    }

    /** MemTotal of a meminfo file in bytes, or -1. */
    static long memTotal(java.nio.file.Path meminfo) {
        try {
            for (String l : java.nio.file.Files.readAllLines(meminfo)) {
                if (l.startsWith("MemTotal:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // Unknown memory only skips the comparisons with it.
        }
        return -1;
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
                syntax.add(new LintFinding(e.file(), e.line(), Severity.CRITICAL, "syntax",
                        null, msg.get("lint.syntax." + e.reason(), e.raw().strip())));
            }
        }
        LintContext ctx = new LintContext(entries, sysctls, kernel, msg);
        ctx.memoryBytes(memoryBytes);
        ctx.listeningPorts(listening);
        for (LintRule r : RULES) {
            r.check(ctx);
        }
        List<LintFinding> all = new ArrayList<>(syntax);
        all.addAll(ctx.findings());
        List<String> order = files.stream().map(Source::name).toList();
        all.sort((a, b) -> {
            int c = Integer.compare(order.indexOf(a.file()), order.indexOf(b.file()));
            c = c != 0 ? c : Integer.compare(a.line(), b.line());
            return c != 0 ? c : a.severity().compareTo(b.severity());
        });
        return all;
    }

    /** 0 when there are only notes, {@link #EXIT_WARNINGS} for warnings, {@link #EXIT_ERRORS} for errors. */
    public static int exitCode(List<LintFinding> findings) {
        boolean warn = false;
        for (LintFinding f : findings) {
            if (f.severity() == Severity.CRITICAL) {
                return EXIT_ERRORS;
            }
            warn |= f.severity() == Severity.WARNING;
        }
        return warn ? EXIT_WARNINGS : 0;
    }
}
