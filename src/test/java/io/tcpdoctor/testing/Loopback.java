package io.tcpdoctor.testing;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Puts real loopback sockets into known TCP states: a listener, established pairs, TIME_WAIT (client
 * closes first), CLOSE_WAIT / FIN_WAIT2 (server shuts down its sending side, client stays silent).
 * Everything it opens is closed by {@link #close()}.
 */
public final class Loopback implements Closeable {
    private final ServerSocket server;
    private final List<Closeable> open = new ArrayList<>();

    /**
     * Listeners take ports below the ephemeral range (32768-60999 by default), where port 0 binds and connections get
     * their local ports: a port from there may have been another listener's a moment ago, and the TIME_WAIT sockets
     * of its clients (remote port that port) stay for a minute and would be counted with this listener's sockets.
     * Each listener of a run takes the next port of this range, from a random start.
     */
    private static final int QUIET_FROM = 20_000;
    private static final int QUIET_PORTS = 10_000;
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(QUIET_PORTS));

    /** Opens a listener on the address (127.0.0.1 or ::1) on a free port below the ephemeral range. */
    public Loopback(String address, int backlog) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        InetAddress a = InetAddress.getByName(address);
        for (int tries = 0; ; tries++) {
            int port = QUIET_FROM + Math.floorMod(NEXT.getAndIncrement(), QUIET_PORTS);
            try {
                server.bind(new InetSocketAddress(a, tries < 100 ? port : 0), backlog);
                break;
            } catch (BindException e) {
                if (tries >= 100) {
                    throw e;
                }
            }
        }
        open.add(server);
    }

    public Loopback() throws IOException {
        this("127.0.0.1", 50);
    }

    /** The listening port. */
    public int port() {
        return server.getLocalPort();
    }

    /** The listening address. */
    public InetAddress address() {
        return server.getInetAddress();
    }

    /** A connected (client, accepted) pair, both ESTABLISHED and kept open. */
    public Socket[] established() throws IOException {
        Socket c = new Socket();
        c.connect(new InetSocketAddress(address(), port()), 2000);
        server.setSoTimeout(2000);
        Socket s = server.accept();
        open.add(c);
        open.add(s);
        return new Socket[] {c, s};
    }

    /** A pair where the client closed first: the client's port ends in TIME_WAIT. Returns that local port. */
    public int timeWait() throws IOException {
        Socket c = new Socket();
        c.connect(new InetSocketAddress(address(), port()), 2000);
        server.setSoTimeout(2000);
        try (Socket s = server.accept()) {
            int port = c.getLocalPort();
            c.close();
            s.setSoTimeout(2000);
            // Reading EOF means the client's FIN arrived; closing now sends ours, the client acks into TIME_WAIT.
            if (s.getInputStream().read() != -1) {
                throw new IOException("expected EOF");
            }
            return port;
        }
    }

    /**
     * A pair where the server shut down its sending side: the server socket sits in FIN_WAIT2 (still open,
     * so no fin_timeout applies) and the client in CLOSE_WAIT (it never closes).
     */
    public Socket[] closeWait() throws IOException {
        Socket[] pair = established();
        pair[1].shutdownOutput();
        return pair;
    }

    @Override
    public void close() throws IOException {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (IOException ignored) {
                // closing best-effort
            }
        }
        open.clear();
    }
}
