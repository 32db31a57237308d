package io.tcpdoctor.lab;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * Clients that half-close (shutdown(SHUT_WR) after their request) to a server that never answers nor closes:
 * the clients sit in FIN_WAIT2 for ever (the socket is still open, so tcp_fin_timeout does not apply) and the
 * server in CLOSE_WAIT.
 */
final class FinWait2 implements Scenario {
    @Override
    public String name() {
        return "fin-wait2";
    }

    @Override
    public String teaches() {
        return "a half-close (shutdown(SHUT_WR)) to a peer that stays silent: FIN_WAIT2 with no end while the socket is "
                + "open (tcp_fin_timeout only bounds orphaned ones, and never TIME_WAIT); the silent peer holds CLOSE_WAIT";
    }

    @Override
    public String state() {
        return "fin-wait-2";
    }

    @Override
    public String finding() {
        return "fin-wait2-pileup";
    }

    @Override
    public Isolation isolation() {
        return Isolation.LOOPBACK;
    }

    @Override
    public List<Fix> fixes() {
        return List.of(new Fix("close", "the server closes when it reads the client's FIN: FIN_WAIT2 moves on to "
                + "TIME_WAIT (60 s) and no CLOSE_WAIT stays"));
    }

    @Override
    public int defaultCount() {
        return 100;
    }

    @Override
    public List<String> diagnoseArgs(int count) {
        // The fin-wait2-pileup finding starts at 500 by default; --fin-wait2 lowers it for a small run.
        return Scenarios.threshold("--fin-wait2", count, 500);
    }

    @Override
    public void build(Lab lab) throws Exception {
        ServerSocketChannel listener = lab.listen(InetAddress.getLoopbackAddress(), Scenarios.port(lab, 8080), 1024);
        InetSocketAddress to = (InetSocketAddress) listener.getLocalAddress();
        boolean closes = "close".equals(lab.fix());
        int i = 0;
        for (; i < lab.count() && lab.pace(i); i++) {
            SocketChannel client = lab.connect(to);
            SocketChannel server = listener.accept();
            client.write(ByteBuffer.wrap(Lab.REQUEST));
            client.shutdownOutput();
            if (closes) {
                ByteBuffer b = ByteBuffer.allocate(64);
                while (server.read(b) >= 0) {
                    b.clear();
                }
                server.close();
            } else {
                lab.track(server);
            }
        }
        lab.say(i + " connections to " + Scenarios.text(to) + " half-closed by the client (shutdown output); " + (closes
                ? "the server closed each one on EOF: the clients are in TIME_WAIT, nothing in FIN_WAIT2 or CLOSE_WAIT"
                : "the server never answers nor closes: " + i + " FIN_WAIT2 (client, still open) and " + i
                        + " CLOSE_WAIT (server)"));
    }
}
