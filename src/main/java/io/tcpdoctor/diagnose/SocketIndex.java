package io.tcpdoctor.diagnose;

import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Lookups over one snapshot that several rules share: listeners by port, owners by destination, TIME_WAIT tuples. */
public final class SocketIndex {
    private final List<SocketRecord> sockets;
    private final Map<Integer, SocketRecord> listeners = new HashMap<>();
    private final Map<Destination, Map<Owner, Integer>> ownersByDestination = new HashMap<>();

    /**
     * The unit ephemeral ports are unique within: the local address (port left out) and the remote endpoint.
     * A record, not text, so grouping thousands of sockets formats no addresses.
     */
    public record Destination(Endpoint localAddress, Endpoint remote) {
    }

    SocketIndex(Snapshot snap) {
        this.sockets = snap.hasRecords() ? snap.sockets() : List.of();
        for (SocketRecord r : sockets) {
            if (r.state() == TcpState.LISTEN) {
                SocketRecord had = listeners.get(r.local().port());
                if (had == null || had.owner() == null) {
                    listeners.put(r.local().port(), r);
                }
            } else if (r.owner() != null) {
                ownersByDestination.computeIfAbsent(destinationKey(r), k -> new HashMap<>()).merge(r.owner(), 1, Integer::sum);
            }
        }
    }

    /** The sockets (empty for a totals-only snapshot). */
    public List<SocketRecord> sockets() {
        return sockets;
    }

    /** True when some socket listens on this local port. */
    public boolean isListening(int port) {
        return listeners.containsKey(port);
    }

    /** The listener on a local port (one of them when several addresses listen), or null. */
    public SocketRecord listener(int port) {
        return listeners.get(port);
    }

    /** Number of listening ports. */
    public int listenerCount() {
        return listeners.size();
    }

    /** True for a connection this host opened: not a listener, and its local port is not a listening port. */
    public boolean outgoing(SocketRecord r) {
        return r.state() != TcpState.LISTEN && !listeners.containsKey(r.local().port()) && r.remote().port() > 0;
    }

    /** The destination of a socket: (local address, remote endpoint). */
    public static Destination destinationKey(SocketRecord r) {
        return new Destination(new Endpoint(r.local().address(), r.local().host(), 0), r.remote());
    }

    /**
     * The process most likely behind ownerless sockets to this destination: the one owning most live sockets
     * from the same local address to the same remote endpoint; null when none does.
     */
    public Owner likelyOwner(Destination destinationKey) {
        Map<Owner, Integer> m = ownersByDestination.get(destinationKey);
        if (m == null) {
            return null;
        }
        return m.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

}
