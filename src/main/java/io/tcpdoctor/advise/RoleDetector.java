package io.tcpdoctor.advise;

import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.ports.PortUsage;
import java.util.List;
import java.util.Set;

/**
 * Infers the host's role from its socket table. Accepting: a non-listening socket whose local port has a
 * listener (an accepted connection). Outgoing: {@link PortUsage}'s test, the one diagnose and capacity use.
 */
public final class RoleDetector {
    private RoleDetector() {
    }

    /** The role and the numbers it was decided from; the busiest destination holds the most ports in use. */
    public record Evidence(Role role, int listeners, int accepted, int outgoing, int outgoingTimeWait,
            String busiestDestination, int busiestDestinationSockets, Set<Integer> listeningPorts) {
    }

    /** Decides from the sockets and their port usage. */
    public static Evidence detect(List<SocketRecord> sockets, PortUsage usage) {
        int listeners = 0;
        int accepted = 0;
        for (SocketRecord r : sockets) {
            if (r.state() == TcpState.LISTEN) {
                listeners += r.local().port() > 0 ? 1 : 0;
            } else if (r.state() != TcpState.CLOSE && usage.listeningPorts().contains(r.local().port())) {
                accepted++;
            }
        }
        int outgoing = (int) usage.outgoing();
        Role role = accepted > 0 && outgoing > 0 ? Role.PROXY : accepted > 0 ? Role.SERVER
                : outgoing > 0 ? Role.CLIENT : Role.UNKNOWN;
        var busiest = usage.busiest();
        return new Evidence(role, listeners, accepted, outgoing, (int) usage.outgoingTimeWait(),
                busiest.map(u -> u.destination().text()).orElse(null), busiest.map(u -> (int) u.portsInUse()).orElse(0),
                usage.listeningPorts());
    }
}
