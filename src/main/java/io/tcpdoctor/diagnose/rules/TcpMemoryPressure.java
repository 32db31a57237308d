package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.model.Severity;
import java.util.List;
import java.util.OptionalLong;

/** TCP socket memory (sockstat "mem", in pages) at or above the pressure or maximum level of {@code tcp_mem}. */
public final class TcpMemoryPressure implements Rule {
    static final String ID = "tcp-memory-pressure";

    @Override
    public List<String> ids() {
        return List.of(ID);
    }

    @Override
    public List<Finding> check(Context ctx) {
        OptionalLong mem = ctx.sockstat("TCP.mem");
        long[] tcpMem = ctx.host().sysctlLongs("net.ipv4.tcp_mem");
        if (mem.isEmpty() || tcpMem == null || tcpMem.length != 3) {
            return List.of();
        }
        long pages = mem.getAsLong();
        if (pages < tcpMem[1]) {
            return List.of();
        }
        Severity sev = pages >= tcpMem[2] ? Severity.CRITICAL : Severity.WARNING;
        return List.of(ctx.finding(ID, sev)
                .title(Long.toString(pages), Long.toString(tcpMem[1]), Long.toString(tcpMem[2]))
                .evidence("tcp_mem_pages", pages)
                .evidence("tcp_mem_pressure", tcpMem[1])
                .evidence("tcp_mem_max", tcpMem[2])
                .why()
                .investigate("find-big-queues")
                .build());
    }
}
