package io.tcpdoctor.tune;

import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Infers the host's role from its socket table. Accepting: a non-listening socket whose local port has a
 * listener (an accepted connection). Outgoing: an established, connecting or TIME_WAIT socket whose local
 * port is in the ephemeral range and has no listener.
 */
public final class RoleDetector {
    private RoleDetector() {
    }

    /** The role and the numbers it was decided from; {@code busiestDestination} counts outgoing sockets per 4-tuple prefix. */
    public record Evidence(Role role, int listeners, int accepted, int outgoing, int outgoingTimeWait,
            String busiestDestination, int busiestDestinationSockets, Set<Integer> listeningPorts) {
    }

    /** Decides from the sockets and the ephemeral port range. */
    public static Evidence detect(List<SocketRecord> sockets, long portLo, long portHi) {
        Set<Integer> listening = PortUsage.listeningPorts(sockets);
        int listeners = 0;
        for (SocketRecord r : sockets) {
            if (r.state() == TcpState.LISTEN && r.local().port() > 0) {
                listeners++;
            }
        }
        int accepted = 0;
        int outgoing = 0;
        int outgoingTw = 0;
        Map<String, Long> perDest = new HashMap<>();
        for (SocketRecord r : sockets) {
            if (r.state() == TcpState.LISTEN || r.state() == TcpState.CLOSE) {
                continue;
            }
            int lport = r.local().port();
            if (listening.contains(lport)) {
                accepted++;
                continue;
            }
            boolean counted = r.state() == TcpState.ESTABLISHED || r.state() == TcpState.TIME_WAIT
                    || r.state() == TcpState.SYN_SENT;
            if (counted && lport >= portLo && lport <= portHi) {
                outgoing++;
                if (r.state() == TcpState.TIME_WAIT) {
                    outgoingTw++;
                }
                // Ports are unique per (source IP, destination IP, destination port): that is what runs out.
                perDest.merge(PortUsage.destination(r), 1L, Long::sum);
            }
        }
        Map.Entry<String, Long> busiest = PortUsage.busiest(perDest);
        Role role = accepted > 0 && outgoing > 0 ? Role.PROXY : accepted > 0 ? Role.SERVER
                : outgoing > 0 ? Role.CLIENT : Role.UNKNOWN;
        return new Evidence(role, listeners, accepted, outgoing, outgoingTw, busiest.getKey(), busiest.getValue().intValue(), Set.copyOf(listening));
    }
}
