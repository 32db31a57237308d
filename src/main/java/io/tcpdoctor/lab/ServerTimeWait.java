package io.tcpdoctor.lab;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A server that closes each connection right after answering: TIME_WAIT piles up on the server's port. */
final class ServerTimeWait implements Scenario {
    @Override
    public String name() {
        return "server-time-wait";
    }

    @Override
    public String teaches() {
        return "a server closing each connection after its answer (HTTP without keep-alive): the side that closes first "
                + "gets TIME_WAIT, here the server's listening port; tcp_tw_reuse does nothing for it";
    }

    @Override
    public String state() {
        return "time-wait";
    }

    @Override
    public String finding() {
        return "time-wait-pressure";
    }

    @Override
    public Isolation isolation() {
        return Isolation.LOOPBACK;
    }

    @Override
    public List<Fix> fixes() {
        return List.of(new Fix("pool", "keep-alive: the client reuses one connection, the server closes nothing"),
                new Fix("client-closes", "the server waits for the client to close first: the TIME_WAIT moves to the client", false));
    }

    @Override
    public int defaultCount() {
        return 2000;
    }

    @Override
    public List<String> diagnoseArgs(int count) {
        return Scenarios.threshold("--time-wait", count, 1000);
    }

    @Override
    public void build(Lab lab) throws Exception {
        ServerSocketChannel listener = lab.listen(InetAddress.getLoopbackAddress(), Scenarios.port(lab, 8080), 1024);
        InetSocketAddress to = (InetSocketAddress) listener.getLocalAddress();
        boolean pool = "pool".equals(lab.fix());
        boolean clientCloses = "client-closes".equals(lab.fix());
        AtomicInteger served = RequestServer.start(lab, listener,
                pool || clientCloses ? RequestServer.Closes.AFTER_CLIENT : RequestServer.Closes.FIRST);
        if (pool) {
            lab.pooledRequests(to, "no TIME_WAIT");
            return;
        }
        int i = 0;
        for (; i < lab.count() && lab.pace(i); i++) {
            try (SocketChannel c = SocketChannel.open(to)) {
                Lab.exchange(c);
                if (!clientCloses) {
                    // Wait for the server's FIN, so the server is the one that closed first.
                    c.read(java.nio.ByteBuffer.allocate(1));
                }
            }
        }
        int made = i;
        lab.await(() -> served.get() >= made, 5000);
        lab.say(made + " connections to " + Scenarios.text(to) + (clientCloses
                ? ", each closed by the client first: the TIME_WAIT sockets are on the client side"
                : ", each closed by the server first: " + made + " TIME_WAIT on the server's port " + to.getPort()));
    }
}
