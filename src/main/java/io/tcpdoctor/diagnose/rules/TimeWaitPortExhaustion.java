package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.observe.Delta;
import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.FindingBuilder;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.diagnose.SocketIndex;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.ports.Destination;
import io.tcpdoctor.ports.PortRange;
import io.tcpdoctor.ports.PortUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * Outgoing connections per destination (local address, remote address:port): ephemeral ports in use against the
 * usable port range, how fast TIME_WAIT sockets appear, and how long until connect() fails with EADDRNOTAVAIL.
 * Below the port thresholds, a large TIME_WAIT group is reported as {@code time-wait-pressure}.
 */
public final class TimeWaitPortExhaustion implements Rule {
    static final String EXHAUSTION = "time-wait-port-exhaustion";
    static final String PRESSURE = "time-wait-pressure";

    @Override
    public List<String> ids() {
        return List.of(EXHAUSTION, PRESSURE);
    }

    @Override
    public List<Finding> check(Context ctx) {
        SocketIndex idx = ctx.sockets();
        PortUsage usage = ctx.portUsage();
        var lim = ctx.limits();
        boolean rangeKnown = ctx.host().sysctlLongs(PortRange.RANGE_KEY) != null;
        // Without the host's range, only groups big enough to matter under the default range are looked at,
        // so a capture with a few outgoing connections does not report an assumption it never needed.
        List<PortUsage.Use> groups = usage.destinations().stream()
                .filter(g -> g.timeWait() > 0 && (rangeKnown || g.timeWait() >= lim.timeWaitMin()
                        || g.sockets() >= PortRange.DEFAULT.usable() * lim.portsWarnPct() / 100))
                .toList();
        List<Finding> out = new ArrayList<>();
        if (groups.isEmpty()) {
            return out;
        }
        PortRange range = ctx.portRange();
        for (PortUsage.Use g : groups) {
            long inRange = g.portsInUse();
            int usable = range.usable();
            double usagePct = usable == 0 ? 100 : 100.0 * inRange / usable;
            String dest = g.sample().remote().toString();
            Destination key = g.destination();
            Delta.CloseRate rate = ctx.timeWaitRate(r -> r.remote().equals(key.remote()) && idx.outgoing(r)
                    && Destination.of(r).equals(key), g.timeWait());
            long headroom = Math.max(0, usable - inRange);
            double steadyNeed = rate.perSecond() * Context.TIME_WAIT_SECONDS + (g.sockets() - g.timeWait());
            Double secondsLeft = null;
            if (headroom == 0) {
                secondsLeft = 0.0;
            } else if (rate.perSecond() > 0 && steadyNeed >= usable) {
                secondsLeft = headroom / rate.perSecond();
            }
            Severity sev = usagePct >= lim.portsCritPct() || headroom == 0 ? Severity.CRITICAL
                    : usagePct >= lim.portsWarnPct() || secondsLeft != null ? Severity.WARNING : null;
            Owner owner = idx.likelyOwner(key);
            FindingBuilder b;
            if (sev != null) {
                b = ctx.finding(EXHAUSTION, sev)
                        .titleKey(sev == Severity.CRITICAL ? EXHAUSTION + ".title" : EXHAUSTION + ".title.warning", dest, Long.toString(inRange), Integer.toString(usable), g.sample().local().addressText());
            } else if (g.timeWait() >= lim.timeWaitMin()) {
                b = ctx.finding(PRESSURE, Severity.INFO).titleKey(PRESSURE + ".title.client", Long.toString(g.timeWait()), dest);
            } else {
                continue;
            }
            b.peer(dest).local(g.sample().local().addressText()).process(owner, true)
                    .evidence("destination", dest)
                    .evidence("local_address", g.sample().local().addressText())
                    .evidence("side", "client")
                    .evidence("time_wait", g.timeWait())
                    .evidence("established", g.established())
                    .evidence("ports_in_use", inRange)
                    .evidence("port_range", range.rangeText())
                    .evidence("usable_ports", usable)
                    .evidence("port_usage_pct", Context.round1(usagePct))
                    .evidence("free_ports", headroom)
                    .evidence("close_rate_per_s", Context.round1(rate.perSecond()))
                    .evidence("close_rate_source", rate.source())
                    .evidence("steady_state_ports", Math.round(steadyNeed))
                    .evidence("seconds_to_exhaustion", secondsLeft == null ? null : Context.round1(secondsLeft))
                    .evidence("outside_port_range", g.outsideRange() > 0 ? g.outsideRange() : null)
                    .evidence("destinations_not_tracked", usage.untracked() > 0 ? usage.untracked() : null);
            b.whyKey("time-wait.why.client", dest, Long.toString(g.timeWait()));
            b.whyKey(rate.measured() ? "rate.measured" : "rate.estimated", Context.round1(rate.perSecond()), Context.round1(ctx.seconds()));
            if (secondsLeft != null && secondsLeft > 0) {
                b.whyKey("time-wait.why.eta", Context.duration(secondsLeft), Long.toString(headroom));
            } else if (headroom == 0) {
                b.whyKey("time-wait.why.exhausted");
            } else {
                b.whyKey("time-wait.why.steady", Long.toString(Math.round(steadyNeed)), Integer.toString(usable));
            }
            if (owner != null) {
                b.whyKey("process.inferred.destination", owner.label());
            }
            b.code("pool-connections").code("pooled-http-client")
                    .os("tw-reuse-outgoing")
                    .os("wider-port-range", range.rangeText())
                    .os("more-destinations")
                    .code("linger-zero-last-resort");
            out.add(b.build());
        }
        return out;
    }
}
