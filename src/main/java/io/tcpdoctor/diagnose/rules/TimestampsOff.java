package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.model.Severity;
import java.util.List;
import java.util.OptionalLong;

/** {@code tcp_timestamps=0}: TIME_WAIT reuse (tcp_tw_reuse) needs timestamps, and PAWS and RTT measurement lose them too. */
public final class TimestampsOff implements Rule {
    static final String ID = "timestamps-off";

    @Override
    public List<String> ids() {
        return List.of(ID);
    }

    @Override
    public List<Finding> check(Context ctx) {
        OptionalLong ts = ctx.sysctlIfKnown("net.ipv4.tcp_timestamps");
        if (ts.isEmpty() || ts.getAsLong() != 0) {
            return List.of();
        }
        OptionalLong reuse = ctx.sysctlIfKnown("net.ipv4.tcp_tw_reuse");
        boolean reuseWanted = reuse.isPresent() && reuse.getAsLong() == 1;
        var b = ctx.finding(ID, reuseWanted ? Severity.WARNING : Severity.INFO)
                .title()
                .evidence("tcp_timestamps", 0)
                .evidence("tcp_tw_reuse", reuse)
                .why();
        if (reuseWanted) {
            b.whyKey(ID + ".why.reuse");
        }
        return List.of(b.os("enable-timestamps").build());
    }
}
