package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.observe.Delta;
import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.FindingBuilder;
import io.tcpdoctor.diagnose.Language;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.diagnose.SocketIndex;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.observe.PortHold;
import io.tcpdoctor.observe.TwReuse;
import io.tcpdoctor.ports.Destination;
import io.tcpdoctor.ports.PortRange;
import io.tcpdoctor.ports.PortUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Outgoing connections per destination (local address, remote address:port): ephemeral ports in use against the
 * usable port range, how fast TIME_WAIT sockets appear, and how long until connect() fails with EADDRNOTAVAIL.
 * Where tcp_tw_reuse covers the destination, TIME_WAIT ports older than the reuse delay are free for connect() and
 * do not count as held. Below the port thresholds, a large TIME_WAIT group is reported as {@code time-wait-pressure}.
 */
public final class TimeWaitPortExhaustion implements Rule {
    static final String EXHAUSTION = "time-wait-port-exhaustion";
    static final String PRESSURE = "time-wait-pressure";

    /** The sentence saying where a close rate came from (shared with the other TIME_WAIT rules). */
    static void explainRate(FindingBuilder b, Delta.CloseRate rate, Context ctx) {
        switch (rate.from()) {
            case KERNEL_COUNTERS, SOCKET_TRACKING -> b.whyKey("rate." + rate.source(), Context.round1(rate.perSecond()),
                    Context.round1(ctx.seconds()));
            case TIME_WAIT_AGES -> b.whyKey(rate.window() >= Context.TIME_WAIT_SECONDS ? "rate.time-wait-ages.all" : "rate.time-wait-ages",
                    Context.round1(rate.perSecond()), Context.round1(rate.window()), Long.toString(Math.round(rate.perSecond() * rate.window())));
            case LITTLES_LAW -> b.whyKey("rate.estimated", Context.round1(rate.perSecond()));
        }
    }

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
        TwReuse reuse = TwReuse.of(ctx.facts());
        // One pass over the sockets for every destination's rate and ports (a host can have thousands).
        Function<SocketRecord, Destination> destinationOf = r -> usage.outgoing(r) ? Destination.of(r) : null;
        Delta.CloseRates<Destination> rates = ctx.delta().closeRates(destinationOf);
        for (PortUsage.Use g : groups) {
            long inRange = g.portsInUse();
            int usable = range.usable();
            String dest = g.sample().remote().toString();
            Destination key = g.destination();
            // The same rate as Delta.closeRate(usage.member(key)), which capacity uses.
            Delta.CloseRate rate = ctx.now().snapshot().hasRecords() ? rates.get(key) : ctx.timeWaitRate(usage.member(key), g.timeWait());
            boolean reuses = reuse.appliesTo(key, ctx.facts());
            PortHold hold = PortHold.of(usage, g, reuses, reuse.delaySeconds(), rate.perSecond());
            // With tcp_tw_reuse in effect only open sockets and TIME_WAIT younger than the reuse delay keep a port
            // from connect(); without it every socket does (then held == inRange).
            long held = reuses ? hold.held() : inRange;
            double usagePct = usable == 0 ? 100 : 100.0 * held / usable;
            long headroom = Math.max(0, usable - held);
            double steadyNeed = hold.steadyNeed(rate.perSecond());
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
                        .titleKey(sev == Severity.CRITICAL ? EXHAUSTION + ".title" : EXHAUSTION + ".title.warning", dest, Long.toString(held), Integer.toString(usable), g.sample().local().addressText());
            } else if (g.timeWait() >= lim.timeWaitMin()) {
                b = ctx.finding(PRESSURE, Severity.INFO).titleKey(reuses ? PRESSURE + ".title.reuse" : PRESSURE + ".title.client",
                        Long.toString(g.timeWait()), dest);
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
                    .evidence("ports_held", reuses ? held : null)
                    .evidence("reusable_time_wait", reuses ? hold.reusable() : null)
                    .evidence("tw_reuse", reuse.value())
                    .evidence("tw_reuse_applies", reuses)
                    .evidence("port_range", range.rangeText())
                    .evidence("usable_ports", usable)
                    .evidence("port_usage_pct", Context.round1(usagePct))
                    .evidence("free_ports", headroom)
                    .evidence("close_rate_per_s", Context.round1(rate.perSecond()))
                    .evidence("close_rate_source", rate.source())
                    .evidence("close_rate_window_s", Context.round1(rate.window()))
                    .evidence("steady_state_ports", Math.round(steadyNeed))
                    .evidence("seconds_to_exhaustion", secondsLeft == null ? null : Context.round1(secondsLeft))
                    .evidence("outside_port_range", g.outsideRange() > 0 ? g.outsideRange() : null)
                    .evidence("destinations_not_tracked", usage.untracked() > 0 ? usage.untracked() : null);
            b.whyKey("time-wait.why.client", dest, Long.toString(g.timeWait()));
            explainRate(b, rate, ctx);
            if (reuses) {
                b.whyKey("time-wait.why.reuse", reuse.value(), Context.round1(reuse.delaySeconds()), Long.toString(hold.reusable()),
                        Long.toString(hold.open()), Long.toString(hold.timeWaitHeld()),
                        Long.toString(Math.round(Math.max(0, usable - hold.open()) / hold.holdSeconds())));
                // Not ifPresent with a lambda: the start-up caches are recorded where no TIME_WAIT is held.
                OptionalLong recycled = ctx.counterDelta("TcpExt.TWRecycled");
                if (recycled.isPresent()) {
                    b.whyKey("time-wait.why.recycled", Long.toString(recycled.getAsLong()), Context.round1(ctx.seconds()));
                }
            }
            if (secondsLeft != null && secondsLeft > 0) {
                b.whyKey("time-wait.why.eta", Context.duration(secondsLeft), Long.toString(headroom));
            } else if (headroom == 0) {
                b.whyKey("time-wait.why.exhausted");
            } else if (sev != null) {
                // Most ports taken although the current rate would not fill them: never "does not run out" here.
                b.whyKey("time-wait.why.full", Long.toString(held), Integer.toString(usable), Long.toString(headroom),
                        Long.toString(Math.round(steadyNeed)));
            } else {
                b.whyKey(reuses ? "time-wait.why.steady.reuse" : "time-wait.why.steady", Long.toString(Math.round(steadyNeed)),
                        Integer.toString(usable));
            }
            if (owner != null) {
                b.whyKey("process.inferred.destination", owner.label());
            }
            b.language(Language.of(owner, ctx.host().live()));
            b.code("pool-connections").code("pooled-http-client");
            if (!reuses && !"1".equals(reuse.value())) {
                b.os("tw-reuse-outgoing");
            }
            b.os("wider-port-range", range.rangeText())
                    .os("more-destinations")
                    .code("linger-zero-last-resort");
            out.add(b.build());
        }
        return out;
    }
}
