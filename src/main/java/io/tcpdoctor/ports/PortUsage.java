package io.tcpdoctor.ports;

import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.TimeWaitAges;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
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
    private final Map<Destination, Owner> likelyOwners;
    private final Map<Destination, TimeWaitAges> ages;
    private final long untrackedDestinations;
    private final long untrackedSockets;

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
        // Default capacity: ties between owners resolve in the same order as any other HashMap of them.
        final Map<Owner, Integer> owners = new HashMap<>();
        /** Made on the first TIME_WAIT socket: most destinations have none. */
        TimeWaitAges ages;
    }

    private PortUsage(Set<Integer> listening, PortRange range, List<Use> destinations, long outgoing, long outgoingTimeWait,
            boolean allLoopback, Map<Destination, Owner> likelyOwners, Map<Destination, TimeWaitAges> ages,
            long untrackedDestinations, long untrackedSockets) {
        this.likelyOwners = likelyOwners;
        this.ages = ages;
        this.untrackedDestinations = untrackedDestinations;
        this.untrackedSockets = untrackedSockets;
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
        Builder b = new Builder(range, Integer.MAX_VALUE);
        for (SocketRecord r : sockets) {
            if (outgoing(r, listening)) {
                b.add(r);
            }
        }
        return b.build(listening);
    }

    /**
     * Adds outgoing sockets one at a time (the caller decides what is outgoing), so a capture can be measured while it
     * streams. At most {@code cap} destinations are kept: when more appear, the half with the fewest sockets is dropped
     * and only counted ({@link PortUsage#untracked()}); a dropped destination that comes back starts again from zero.
     */
    public static final class Builder {
        private final PortRange range;
        private final int cap;
        private final Map<Destination, Acc> per = new LinkedHashMap<>();
        private long out;
        private long tw;
        private boolean loopback = true;
        private long untrackedDestinations;
        private long untrackedSockets;

        public Builder(PortRange range, int cap) {
            this.range = range;
            this.cap = cap;
        }

        /** Counts one outgoing socket. */
        public void add(SocketRecord r) {
            out++;
            Destination d = Destination.of(r);
            Acc a = per.get(d);
            if (a == null) {
                if (per.size() >= cap) {
                    prune();
                }
                a = new Acc();
                a.sample = r;
                per.put(d, a);
            }
            a.sockets++;
            // An unknown local port (a redacted capture) still holds a port.
            a.inRange += r.local().port() > 0 && !range.contains(r.local().port()) ? 0 : 1;
            if (r.state() == TcpState.TIME_WAIT) {
                a.timeWait++;
                tw++;
                if (a.ages == null) {
                    a.ages = new TimeWaitAges();
                }
                a.ages.add(r);
            } else if (r.state() == TcpState.ESTABLISHED) {
                a.established++;
            }
            if (r.owner() != null) {
                a.owners.merge(r.owner(), 1, Integer::sum);
            }
            InetAddress addr = r.remote().address();
            loopback &= addr != null && addr.isLoopbackAddress();
        }

        /** Drops the destinations with the fewest sockets (at least half of them), keeping their totals. */
        private void prune() {
            long[] sizes = per.values().stream().mapToLong(x -> x.sockets).sorted().toArray();
            long median = sizes[sizes.length / 2];
            var it = per.values().iterator();
            while (it.hasNext()) {
                Acc x = it.next();
                if (x.sockets <= median) {
                    untrackedDestinations++;
                    untrackedSockets += x.sockets;
                    it.remove();
                }
            }
        }

        /** The usage; {@code listening} are the local ports with a listener. */
        public PortUsage build(Set<Integer> listening) {
            List<Use> uses = new ArrayList<>(per.size());
            per.forEach((d, a) -> uses.add(new Use(d, a.sample, a.sockets, a.inRange, a.timeWait, a.established)));
            Map<Destination, Owner> owners = new HashMap<>();
            Map<Destination, TimeWaitAges> ages = new HashMap<>();
            per.forEach((d, a) -> {
                if (a.ages != null) {
                    ages.put(d, a.ages);
                }
                Owner o = a.owners.entrySet().stream().max((x, y) -> Integer.compare(x.getValue(), y.getValue()))
                        .map(Map.Entry::getKey).orElse(null);
                if (o != null) {
                    owners.put(d, o);
                }
            });
            return new PortUsage(Set.copyOf(listening), range, List.copyOf(uses), out, tw, loopback && out > 0, owners,
                    ages, untrackedDestinations, untrackedSockets);
        }
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

    /**
     * The process most likely behind the ownerless sockets (TIME_WAIT) to a destination: the one owning most of its
     * outgoing sockets; null when none is owned.
     */
    public Owner likelyOwner(Destination d) {
        return likelyOwners.get(d);
    }

    /** The ages of a destination's outgoing TIME_WAIT sockets (empty when it has none). */
    public TimeWaitAges timeWaitAges(Destination d) {
        return ages.getOrDefault(d, NO_AGES);
    }

    private static final TimeWaitAges NO_AGES = new TimeWaitAges();

    /** Destinations dropped to keep the count bounded (0 unless more than the builder's cap appeared). */
    public long untracked() {
        return untrackedDestinations;
    }

    /** Outgoing sockets of the dropped destinations (they still count in {@link #outgoing()}). */
    public long untrackedSockets() {
        return untrackedSockets;
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
        return destinations.stream().max((a, b) -> {
            int c = Long.compare(a.portsInUse(), b.portsInUse());
            c = c != 0 ? c : Long.compare(a.sockets(), b.sockets());
            return c != 0 ? c : b.destination().text().compareTo(a.destination().text());
        });
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
