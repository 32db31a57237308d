package io.tcpdoctor.tune;

import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Outgoing connections of a snapshot grouped the way ports run out: per (source IP, destination IP, destination
 * port). Outgoing = local port in the ephemeral range and not a listening port.
 */
public record PortUsage(long outgoingTimeWait, int destinations, String busiest, long busiestSockets, boolean allLoopback) {

    /** Measures a socket list against the ephemeral port range. */
    public static PortUsage measure(Iterable<SocketRecord> sockets, long lo, long hi) {
        Set<Integer> listening = listeningPorts(sockets);
        Map<String, Long> perDest = new HashMap<>();
        long tw = 0;
        boolean loopback = true;
        for (SocketRecord r : sockets) {
            int p = r.local().port();
            if (r.state() == TcpState.LISTEN || r.state() == TcpState.CLOSE || p < lo || p > hi || listening.contains(p)) {
                continue;
            }
            if (r.state() == TcpState.TIME_WAIT) {
                tw++;
            }
            perDest.merge(destination(r), 1L, Long::sum);
            InetAddress a = r.remote().address();
            loopback &= a != null && a.isLoopbackAddress();
        }
        Map.Entry<String, Long> busiest = busiest(perDest);
        return new PortUsage(tw, perDest.size(), busiest.getKey(), busiest.getValue(), loopback && !perDest.isEmpty());
    }

    /** The local ports that have a listener. */
    static Set<Integer> listeningPorts(Iterable<SocketRecord> sockets) {
        Set<Integer> listening = new HashSet<>();
        for (SocketRecord r : sockets) {
            if (r.state() == TcpState.LISTEN && r.local().port() > 0) {
                listening.add(r.local().port());
            }
        }
        return listening;
    }

    /** The unit ephemeral ports are unique within: source address and destination endpoint. */
    static String destination(SocketRecord r) {
        return r.local().addressText() + " -> " + r.remote();
    }

    /** The destination with the most sockets, or (null, 0) when there is none. */
    static Map.Entry<String, Long> busiest(Map<String, Long> perDestination) {
        String busiest = null;
        long n = 0;
        for (Map.Entry<String, Long> e : perDestination.entrySet()) {
            if (e.getValue() > n) {
                busiest = e.getKey();
                n = e.getValue();
            }
        }
        return new java.util.AbstractMap.SimpleImmutableEntry<>(busiest, n);
    }
}
