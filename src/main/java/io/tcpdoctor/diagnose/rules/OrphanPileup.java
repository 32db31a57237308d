package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.model.Severity;
import java.util.List;
import java.util.OptionalLong;

/**
 * Orphaned sockets (closed by the application, still in the kernel) against {@code tcp_max_orphans}; beyond it
 * the kernel resets orphans and counts {@code TCPAbortOnMemory}.
 */
public final class OrphanPileup implements Rule {
    static final String ID = "orphan-pileup";

    @Override
    public List<String> ids() {
        return List.of(ID);
    }

    @Override
    public List<Finding> check(Context ctx) {
        OptionalLong orphans = ctx.sockstat("TCP.orphan");
        OptionalLong max = ctx.sysctlIfKnown("net.ipv4.tcp_max_orphans");
        OptionalLong aborts = ctx.counterDelta("TcpExt.TCPAbortOnMemory");
        if (orphans.isEmpty() || max.isEmpty() || max.getAsLong() <= 0) {
            return List.of();
        }
        double pct = 100.0 * orphans.getAsLong() / max.getAsLong();
        boolean aborting = aborts.isPresent() && aborts.getAsLong() > 0;
        if (pct < 50 && !aborting) {
            return List.of();
        }
        Severity sev = pct >= 90 || aborting ? Severity.CRITICAL : Severity.WARNING;
        var b = ctx.finding(ID, sev)
                .title(Long.toString(orphans.getAsLong()), Long.toString(max.getAsLong()))
                .evidence("orphans", orphans.getAsLong())
                .evidence("tcp_max_orphans", max.getAsLong())
                .evidence("orphan_usage_pct", Context.round1(pct))
                .evidence("abort_on_memory_delta", aborts)
                .why();
        b.investigate("check-network-path").os("raise-max-orphans");
        return List.of(b.build());
    }
}
