package io.tcpdoctor.capacity;

import io.tcpdoctor.observe.Delta;
import io.tcpdoctor.observe.Facts;
import io.tcpdoctor.observe.Observation;
import io.tcpdoctor.ports.PortRange;
import io.tcpdoctor.ports.PortUsage;
import io.tcpdoctor.sysctl.KnobCatalogue;
import java.util.List;

/**
 * The capacity inputs one observation (or a sampled delta) gives: close rate of outgoing connections, destinations,
 * the usable port range and whether tcp_tw_reuse applies to them. Rates come from {@link Delta#closeRate}, the
 * same function diagnose uses, so both agree on one observation.
 *
 * @param closeRate outgoing connections closed per second
 * @param rateMeasured true when measured over a sample, false for Little's law on the TIME_WAIT count
 * @param outgoingTimeWait outgoing sockets in TIME_WAIT now
 * @param destinations destinations with outgoing connections
 * @param busiest the destination holding the most ports, or null
 * @param busiestPorts the ports it holds
 * @param range the usable port range
 * @param twReuse tcp_tw_reuse's value, or null when unknown
 * @param reuseApplies true when that value covers these connections (1, or 2 with loopback destinations only)
 * @param reuseDelay seconds after which tcp_tw_reuse may take a TIME_WAIT port (tcp_tw_reuse_delay, else 1 s)
 */
public record Measured(double closeRate, boolean rateMeasured, long outgoingTimeWait, int destinations, String busiest,
        long busiestPorts, PortRange range, String twReuse, boolean reuseApplies, double reuseDelay, double seconds) {

    /** Measures the newest observation of {@code delta}, reading host facts through {@code facts}. */
    public static Measured of(Delta delta, Facts facts) {
        Observation now = delta.now();
        PortRange range = facts.portRange();
        PortUsage usage = PortUsage.of(now.snapshot().hasRecords() ? now.snapshot().sockets() : List.of(), range);
        Delta.CloseRate rate = delta.closeRate(usage::outgoing);
        String reuse = facts.knob(KnobCatalogue.TW_REUSE).orElse(null);
        // tcp_tw_reuse=2 covers loopback destinations only.
        boolean applies = "1".equals(reuse) || ("2".equals(reuse) && usage.allLoopback());
        double delay = facts.known(KnobCatalogue.TW_REUSE_DELAY).map(v -> {
            try {
                return Long.parseLong(v.trim()) / 1000.0;
            } catch (NumberFormatException e) {
                return 1.0;
            }
        }).orElse(1.0);
        var busiest = usage.busiest();
        return new Measured(rate.perSecond(), rate.measured(), usage.outgoingTimeWait(), usage.destinations().size(),
                busiest.map(u -> u.destination().text()).orElse(null), busiest.map(PortUsage.Use::portsInUse).orElse(0L),
                range, reuse, applies, delay, delta.seconds());
    }

    /** Reserved ports inside the range. */
    public int reservedInRange() {
        return range.high() - range.low() + 1 - range.usable();
    }
}
