package io.tcpdoctor.ports;

import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Outgoing connections of one socket table, per destination, against the usable port range: the one place that
 * decides what is outgoing, what a destination is and how many of its ports are in use. Outgoing = connected to a
 * remote port, neither LISTEN nor CLOSE, and its local port has no listener (an accepted connection's has).
 */
public final class PortUsage {
    private final Set<Integer> listening;
    private final PortRange range;
    private final List<Use> destinations;
    private final long outgoing;
    private final long outgoingTimeWait;
    private final boolean allLoopback;

    /**
     * One destination's outgoing sockets.
     *
     * @param sample one of its sockets (for addresses and the owner)
     * @param sockets outgoing sockets to it, in any state
     * @param portsInUse those whose local port is in the usable range (or unknown): the ports this destination holds
     * @param timeWait those in TIME_WAIT
     * @param established those in ESTABLISHED
     */
    public record Use(Destination destination, SocketRecord sample, long sockets, long portsInUse, long timeWait, long established) {
        /** Sockets whose local port is outside the usable range (bound explicitly, or the range changed since). */
        public long outsideRange() {
            return sockets - portsInUse;
        }
    }

    private static final class Acc {
        SocketRecord sample;
        long sockets;
        long inRange;
        long timeWait;
        long established;
    }

    private PortUsage(Set<Integer> listening, PortRange range, List<Use> destinations, long outgoing, long outgoingTimeWait,
            boolean allLoopback) {
        this.listening = listening;
        this.range = range;
        this.destinations = destinations;
        this.outgoing = outgoing;
        this.outgoingTimeWait = outgoingTimeWait;
        this.allLoopback = allLoopback;
    }

    /** Measures a socket table against the usable range. */
    public static PortUsage of(List<SocketRecord> sockets, PortRange range) {
        Set<Integer> listening = listeningPorts(sockets);
        Map<Destination, Acc> per = new LinkedHashMap<>();
        long out = 0;
        long tw = 0;
        boolean loopback = true;
        for (SocketRecord r : sockets) {
            if (!outgoing(r, listening)) {
                continue;
            }
            out++;
            Acc a = per.computeIfAbsent(Destination.of(r), k -> new Acc());
            if (a.sample == null) {
                a.sample = r;
            }
            a.sockets++;
            // An unknown local port (a redacted capture) still holds a port.
            a.inRange += r.local().port() > 0 && !range.contains(r.local().port()) ? 0 : 1;
            if (r.state() == TcpState.TIME_WAIT) {
                a.timeWait++;
                tw++;
            } else if (r.state() == TcpState.ESTABLISHED) {
                a.established++;
            }
            InetAddress addr = r.remote().address();
            loopback &= addr != null && addr.isLoopbackAddress();
        }
        List<Use> uses = new ArrayList<>(per.size());
        per.forEach((d, a) -> uses.add(new Use(d, a.sample, a.sockets, a.inRange, a.timeWait, a.established)));
        return new PortUsage(Set.copyOf(listening), range, List.copyOf(uses), out, tw, loopback && out > 0);
    }

    /** The local ports that have a listener. */
    public static Set<Integer> listeningPorts(Iterable<SocketRecord> sockets) {
        Set<Integer> listening = new HashSet<>();
        for (SocketRecord r : sockets) {
            if (r.state() == TcpState.LISTEN && r.local().port() > 0) {
                listening.add(r.local().port());
            }
        }
        return listening;
    }

    /** The outgoing test: a connection this host opened (see the class comment). */
    public static boolean outgoing(SocketRecord r, Set<Integer> listeningPorts) {
        return r.state() != TcpState.LISTEN && r.state() != TcpState.CLOSE && r.remote().port() > 0
                && !listeningPorts.contains(r.local().port());
    }

    /** True for a connection this host opened. */
    public boolean outgoing(SocketRecord r) {
        return outgoing(r, listening);
    }

    /** The test for one destination's outgoing sockets: the group diagnose and capacity both measure. */
    public Predicate<SocketRecord> member(Destination d) {
        return r -> r.remote().equals(d.remote()) && outgoing(r) && Destination.of(r).equals(d);
    }

    /** True when a socket's local port counts against the usable range (an unknown port, e.g. redacted, does). */
    public boolean holdsPort(SocketRecord r) {
        return r.local().port() <= 0 || range.contains(r.local().port());
    }

    /** The range the ports were counted against. */
    public PortRange range() {
        return range;
    }

    /** Local ports with a listener. */
    public Set<Integer> listeningPorts() {
        return listening;
    }

    /** Every destination with outgoing sockets, in the order first seen. */
    public List<Use> destinations() {
        return destinations;
    }

    /** The destination holding the most ports (ties: more sockets, then the first in text order), if any. */
    public Optional<Use> busiest() {
        return destinations.stream().max(Comparator.comparingLong(Use::portsInUse).thenComparingLong(Use::sockets)
                .thenComparing(u -> u.destination().text(), Comparator.reverseOrder()));
    }

    /** Outgoing sockets in all. */
    public long outgoing() {
        return outgoing;
    }

    /** Outgoing sockets in TIME_WAIT. */
    public long outgoingTimeWait() {
        return outgoingTimeWait;
    }

    /** True when every outgoing connection goes to a loopback address (tcp_tw_reuse=2 covers exactly those). */
    public boolean allLoopback() {
        return allLoopback;
    }
}
