package io.tcpdoctor.observe;

import io.tcpdoctor.ports.PortRange;
import io.tcpdoctor.ports.PortUsage;
import io.tcpdoctor.sysctl.KnobCatalogue;
import java.util.List;

/**
 * What one observation says about ephemeral ports, the same for diagnose, tune and capacity: the usable range,
 * tcp_tw_reuse, and the destination holding the most ports. Values that had to be assumed are listed.
 *
 * @param portRange {@code LOW-HIGH}
 * @param usablePorts the range minus reserved ports
 * @param twReuse tcp_tw_reuse as the kernel shows it, or null when unknown and without a default
 * @param busiestDestination {@code local -> remote:port}, or null without outgoing connections
 * @param busiestPortsInUse the ports that destination holds
 * @param destinations destinations with outgoing connections
 * @param assumed the defaults used for unknown values
 */
public record PortFacts(String portRange, int usablePorts, String twReuse, String busiestDestination, long busiestPortsInUse,
        int destinations, List<Facts.Assumed> assumed) {

    /** The port facts of an observation, read through {@code facts} (which records what it assumes). */
    public static PortFacts of(Observation obs, Facts facts) {
        PortRange range = facts.portRange();
        return of(PortUsage.of(obs.snapshot().hasRecords() ? obs.snapshot().sockets() : List.of(), range), facts);
    }

    /** The port facts of a usage already measured against {@code facts.portRange()} (a streamed capture keeps no rows). */
    public static PortFacts of(PortUsage usage, Facts facts) {
        PortRange range = facts.portRange();
        String reuse = facts.knob(KnobCatalogue.TW_REUSE).orElse(null);
        var busiest = usage.busiest();
        return new PortFacts(range.rangeText(), range.usable(), reuse, busiest.map(u -> u.destination().text()).orElse(null),
                busiest.map(PortUsage.Use::portsInUse).orElse(0L), usage.destinations().size(), facts.assumed());
    }

    /** True when a value for this key was assumed. */
    public boolean assumed(String key) {
        return assumed.stream().anyMatch(a -> key.equals(a.key()));
    }
}
