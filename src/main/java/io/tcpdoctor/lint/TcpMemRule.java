package io.tcpdoctor.lint;

import io.tcpdoctor.sysctl.KnobCatalogue;

import io.tcpdoctor.collect.SysctlConf;
import io.tcpdoctor.model.Severity;
import java.util.Locale;

/**
 * tcp_mem is counted in pages, not bytes (ip-sysctl.rst: "vector of 3 LONGs: min, pressure, max ... in pages");
 * a maximum above the host's memory is a value written as bytes, and TCP would never feel memory pressure.
 */
final class TcpMemRule implements LintRule {
    /** The page size of x86-64 and most arm64 distributions; the kernel counts tcp_mem in PAGE_SIZE units. */
    static final long PAGE = 4096;

    @Override
    public void check(LintContext ctx) {
        SysctlConf.Entry e = ctx.last(KnobCatalogue.TCP_MEM).orElse(null);
        if (e == null) {
            return;
        }
        KernelInts.Result r = KernelInts.parse(e.rawValue(), 3);
        if (!r.accepted() || r.values().length != 3) {
            return;
        }
        long max = r.values()[2];
        long mem = ctx.memoryBytes();
        if (mem > 0 && max > mem / PAGE) {
            ctx.report(e, Severity.WARNING, "tcp-mem", "lint.tcp_mem.above_ram", String.valueOf(max), bytes(max * PAGE), bytes(mem));
        } else if (mem <= 0 && max > (1L << 32)) {
            ctx.report(e, Severity.WARNING, "tcp-mem", "lint.tcp_mem.bytes", String.valueOf(max), bytes(max * PAGE));
        }
    }

    static String bytes(long b) {
        double g = b / (1024.0 * 1024 * 1024);
        return g >= 1024 ? String.format(Locale.ROOT, "%.1f TiB", g / 1024) : String.format(Locale.ROOT, "%.1f GiB", g);
    }
}
