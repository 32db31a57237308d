package io.tcpdoctor.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Loopback sockets the start-up training holds while it runs, so that a cache records what a server's table makes
 * tcpdoctor do (owners found by the owner scan, both address families, listeners, established connections,
 * CLOSE_WAIT and FIN_WAIT2) whatever the host happens to hold when the cache is recorded. Without them a cache
 * recorded on a quiet machine (a fresh clone, a build host) lacked those classes (the owners', the CLOSE_WAIT
 * grouping's, IPv6 addresses), and every command meeting them read them from the jar, whose opening costs a short
 * command about 20 ms.
 *
 * <p>In each family that has a loopback address (IPv4 sockets, not IPv6 ones with mapped addresses, as most servers
 * written in C have): a listener, one established pair and one pair whose client has shut down its sending side
 * (the client in FIN_WAIT2, the server's end in CLOSE_WAIT). Closed with a reset (SO_LINGER 0), so nothing is left
 * behind, not even a TIME_WAIT. Every wait is bounded.
 */
final class TrainingSockets implements AutoCloseable {
    /** How long to wait for the loopback FIN that makes the CLOSE_WAIT, in steps of 10 ms. */
    private static final int FIN_WAIT_STEPS = 200;

    private final List<SocketChannel> connections = new ArrayList<>();
    private final List<ServerSocketChannel> listeners = new ArrayList<>();

    private TrainingSockets() {
    }

    /** Opens the sockets in every loopback family that works here; a family that does not is left out. */
    static TrainingSockets open() {
        TrainingSockets s = new TrainingSockets();
        byte[] v6 = new byte[16];
        v6[15] = 1;
        s.tryFamily(StandardProtocolFamily.INET, new byte[] {127, 0, 0, 1});
        s.tryFamily(StandardProtocolFamily.INET6, v6);
        return s;
    }

    private void tryFamily(ProtocolFamily family, byte[] loopback) {
        try {
            ServerSocketChannel listener = ServerSocketChannel.open(family);
            listeners.add(listener);
            listener.bind(new InetSocketAddress(InetAddress.getByAddress(loopback), 0), 8);
            pair(family, listener);
            SocketChannel[] closing = pair(family, listener);
            closing[0].shutdownOutput();
            // The server's end reads the end of the stream once the FIN has arrived: it is then in CLOSE_WAIT.
            closing[1].configureBlocking(false);
            ByteBuffer one = ByteBuffer.allocate(1);
            for (int i = 0; i < FIN_WAIT_STEPS && closing[1].read(one) == 0; i++) {
                Thread.sleep(10);
            }
        } catch (IOException e) {
            // No such loopback (IPv6 disabled, say): the training goes on with what it has.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A connection to the listener: the client's end and the server's. */
    private SocketChannel[] pair(ProtocolFamily family, ServerSocketChannel listener) throws IOException {
        SocketChannel client = SocketChannel.open(family);
        connections.add(client);
        // A loopback connect to a listener with room in its backlog completes at once.
        client.connect(listener.getLocalAddress());
        SocketChannel server = listener.accept();
        connections.add(server);
        return new SocketChannel[] {client, server};
    }

    @Override
    public void close() {
        for (SocketChannel c : connections) {
            try (c) {
                c.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException e) {
                // Already reset by its peer: nothing is left of it.
            }
        }
        for (ServerSocketChannel l : listeners) {
            try {
                l.close();
            } catch (IOException e) {
                // Nothing to do: the process ends right after the training.
            }
        }
    }
}
