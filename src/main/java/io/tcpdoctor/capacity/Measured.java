package io.tcpdoctor.capacity;

import io.tcpdoctor.observe.Delta;
import io.tcpdoctor.observe.Facts;
import io.tcpdoctor.observe.Observation;
import io.tcpdoctor.observe.PortHold;
import io.tcpdoctor.observe.TwReuse;
import io.tcpdoctor.ports.PortRange;
import io.tcpdoctor.ports.PortUsage;
import io.tcpdoctor.model.SocketRecord;
import java.util.List;
import java.util.function.Predicate;

/**
 * The capacity inputs one observation (or a sampled delta) gives for the busiest (source IP, destination IP,
 * destination port) group, the unit ports run out in: its close rate, the ports it holds, the usable port range
 * and whether tcp_tw_reuse applies to it. The group and its rate come from {@link PortUsage#member} and
 * {@link Delta#closeRate}, the same ones diagnose uses, so both give the same rate for one observation.
 *
 * @param rate the busiest group's close rate (closes this host made first) and where it came from
 * @param outgoingTimeWait outgoing sockets in TIME_WAIT now, every destination
 * @param destinations destinations with outgoing connections
 * @param busiest the destination holding the most ports, or null
 * @param busiestPorts the ports it holds (any state, in the usable range)
 * @param busiestTimeWait its TIME_WAIT sockets
 * @param hold its ports as connect() sees them (TIME_WAIT older than the reuse delay are free when reuse applies)
 * @param range the usable port range
 * @param twReuse tcp_tw_reuse's value, or null when unknown
 * @param reuseApplies true when that value covers the busiest destination and timestamps are not off
 * @param reuseDelay seconds after which tcp_tw_reuse may take a TIME_WAIT port (tcp_tw_reuse_delay, else 1 s)
 */
public record Measured(Delta.CloseRate rate, long outgoingTimeWait, int destinations, String busiest, long busiestPorts,
        long busiestTimeWait, PortHold hold, PortRange range, String twReuse, boolean reuseApplies, double reuseDelay,
        double seconds) {

    /** Measures the newest observation of {@code delta}, reading host facts through {@code facts}. */
    public static Measured of(Delta delta, Facts facts) {
        Observation now = delta.now();
        PortRange range = facts.portRange();
        List<SocketRecord> sockets = now.snapshot().hasRecords() ? now.snapshot().sockets() : List.of();
        PortUsage usage = PortUsage.of(sockets, range);
        var busiest = usage.busiest();
        Predicate<SocketRecord> member = busiest.map(u -> usage.member(u.destination())).orElse(r -> false);
        Delta.CloseRate rate = delta.closeRate(member);
        TwReuse reuse = TwReuse.of(facts);
        boolean applies = busiest.map(u -> reuse.appliesTo(u.destination(), facts)).orElse(false);
        // The same derivation as diagnose's port-exhaustion rule.
        PortHold hold = busiest.map(u -> PortHold.of(usage, u, applies, reuse.delaySeconds(), rate.perSecond()))
                .orElse(new PortHold(0, 0, 0, false, Delta.TIME_WAIT_SECONDS));
        return new Measured(rate, usage.outgoingTimeWait(), usage.destinations().size(),
                busiest.map(u -> u.destination().text()).orElse(null), busiest.map(PortUsage.Use::portsInUse).orElse(0L),
                busiest.map(PortUsage.Use::timeWait).orElse(0L), hold, range, reuse.value(), applies, reuse.delaySeconds(),
                delta.seconds());
    }

    /** The busiest group's closes per second. */
    public double closeRate() {
        return rate.perSecond();
    }

    /** Ports of the busiest destination that connect() cannot take now. */
    public long busiestHeld() {
        return reuseApplies ? hold.held() : busiestPorts;
    }

    /** True when connect() to the busiest destination has no free port now (EADDRNOTAVAIL). */
    public boolean fullNow() {
        return busiest != null && busiestHeld() >= range.usable();
    }

    /** Reserved ports inside the range. */
    public int reservedInRange() {
        return range.high() - range.low() + 1 - range.usable();
    }
}
