package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.model.Severity;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code tcp_tw_recycle} set: it broke clients behind NAT and was removed in Linux 4.12; on newer kernels
 * {@code sysctl -p} fails on the unknown key. Never a fix.
 */
public final class TwRecycleSet implements Rule {
    static final String ID = "tw-recycle-set";

    @Override
    public List<String> ids() {
        return List.of(ID);
    }

    @Override
    public List<Finding> check(Context ctx) {
        OptionalLong v = ctx.sysctlIfKnown("net.ipv4.tcp_tw_recycle");
        if (v.isEmpty() || v.getAsLong() == 0) {
            return List.of();
        }
        var kernel = ctx.host().kernel();
        boolean active = kernel != null && !kernel.atLeast(4, 12);
        return List.of(ctx.finding(ID, active ? Severity.CRITICAL : Severity.WARNING)
                .title()
                .evidence("tcp_tw_recycle", v.getAsLong())
                .evidence("kernel", kernel == null ? null : kernel.release())
                .why()
                .whyKey(active ? ID + ".why.active" : ID + ".why.removed")
                .os("remove-tw-recycle")
                .build());
    }
}
