package io.tcpdoctor.collect;

import io.tcpdoctor.model.Addresses;
import io.tcpdoctor.model.Endpoint;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * The endpoints of the socket record read last, given again to the next record whose address bytes (and port) are
 * the same: most sockets of a table share their local address (a server's, often its port too), many their peer, and
 * making an InetAddress for each socket was a third of a netlink dump's decoding before the compiler caught up (7 of
 * 22 ms of a thread's decoding at 10,000 sockets); a /proc row's endpoints were 6.3 of the 14.1 ms that parsing 4,000
 * rows took (3.2 with this). Addresses and endpoints are immutable; shared ones also make later equality tests
 * identity tests. One per reading thread and table: netlink messages ({@link InetDiag}) and /proc rows
 * ({@link ProcNetTcp}) alike.
 */
public final class RecentEndpoints {
    private final Slot local = new Slot();
    private final Slot remote = new Slot();
    /** Where a /proc row's hex address is decoded to before it is compared. */
    final byte[] scratch = new byte[16];

    /** The local endpoint of the {@code alen} address bytes at {@code at} and the port. */
    Endpoint local(byte[] buf, int at, int alen, int port) {
        return local.endpoint(buf, at, alen, port);
    }

    /** The remote endpoint of the {@code alen} address bytes at {@code at} and the port. */
    Endpoint remote(byte[] buf, int at, int alen, int port) {
        return remote.endpoint(buf, at, alen, port);
    }

    /** One side's last address: its bytes (4 or 16; null before the first record), and what was made of them. */
    private static final class Slot {
        /** Never written after it is taken: the address was made from it. */
        private byte[] raw;
        private InetAddress address;
        private Endpoint endpoint;

        Endpoint endpoint(byte[] buf, int at, int alen, int port) {
            if (!holds(buf, at, alen)) {
                raw = Arrays.copyOfRange(buf, at, at + alen);
                address = Addresses.of(raw);
                endpoint = null;
            }
            if (endpoint == null || endpoint.port() != port) {
                endpoint = Endpoint.of(address, port);
            }
            return endpoint;
        }

        /** True if the address at {@code at} is the one held; a plain loop (Arrays.equals is five calls deep). */
        private boolean holds(byte[] buf, int at, int alen) {
            if (raw == null || raw.length != alen) {
                return false;
            }
            for (int i = 0; i < alen; i++) {
                if (buf[at + i] != raw[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
