package io.tcpdoctor.ports;

import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.SocketRecord;

/**
 * The unit ephemeral ports run out in: a connection is unique per 4-tuple, so connect() has the usable port range
 * once per (local address, remote address, remote port). A record, not text, so grouping thousands of sockets
 * formats no addresses.
 *
 * @param localAddress the local address (port 0)
 * @param remote the remote address and port
 */
public record Destination(Endpoint localAddress, Endpoint remote) {

    // Written out, as in Endpoint: destinations are hash keys for every outgoing socket.
    @Override
    public boolean equals(Object o) {
        return o instanceof Destination d && localAddress.equals(d.localAddress) && remote.equals(d.remote);
    }

    @Override
    public int hashCode() {
        return localAddress.hashCode() * 31 + remote.hashCode();
    }

    /** The destination of a socket. */
    public static Destination of(SocketRecord r) {
        return new Destination(new Endpoint(r.local().address(), r.local().host(), 0), r.remote());
    }

    /** {@code 10.0.0.2 -> 10.0.0.5:3306}: the way every command prints a destination. */
    public String text() {
        return localAddress.addressText() + " -> " + remote;
    }

    @Override
    public String toString() {
        return text();
    }
}
