package io.tcpdoctor.diagnose;

import io.tcpdoctor.model.Owner;
import io.tcpdoctor.ports.Destination;
import io.tcpdoctor.ports.PortUsage;
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

    SocketIndex(Snapshot snap) {
        this.sockets = snap.hasRecords() ? snap.sockets() : List.of();
        for (SocketRecord r : sockets) {
            if (r.state() == TcpState.LISTEN) {
                SocketRecord had = listeners.get(r.local().port());
                if (had == null || had.owner() == null) {
                    listeners.put(r.local().port(), r);
                }
            } else if (r.owner() != null) {
                ownersByDestination.computeIfAbsent(Destination.of(r), k -> new HashMap<>()).merge(r.owner(), 1, Integer::sum);
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

    /** True for a connection this host opened ({@link PortUsage#outgoing(SocketRecord, java.util.Set)}). */
    public boolean outgoing(SocketRecord r) {
        return PortUsage.outgoing(r, listeners.keySet());
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
