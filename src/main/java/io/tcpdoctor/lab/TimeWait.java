package io.tcpdoctor.lab;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A client that opens a new connection per request and closes it first: one TIME_WAIT per request on its side. */
final class TimeWait implements Scenario {
    @Override
    public String name() {
        return "time-wait";
    }

    @Override
    public String teaches() {
        return "a client opening one connection per request and closing first: every request leaves a TIME_WAIT "
                + "socket on the client for 60 s (count = close rate x 60 s)";
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
        return List.of(new Fix("pool", "one kept-alive connection carries every request: no TIME_WAIT at all"),
                new Fix("linger", "SO_LINGER 0: close() sends a reset, so no TIME_WAIT, but unsent data is lost and "
                        + "the server sees 'connection reset': a last resort, not a fix"));
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
        AtomicInteger served = RequestServer.start(lab, listener, RequestServer.Closes.AFTER_CLIENT);
        if ("pool".equals(lab.fix())) {
            lab.pooledRequests(to, "no TIME_WAIT");
            return;
        }
        boolean linger = "linger".equals(lab.fix());
        int i = 0;
        for (; i < lab.count() && lab.pace(i); i++) {
            try (SocketChannel c = SocketChannel.open(to)) {
                if (linger) {
                    c.setOption(StandardSocketOptions.SO_LINGER, 0);
                }
                Lab.exchange(c);
            }
        }
        int made = i;
        lab.await(() -> served.get() >= made, 5000);
        lab.say(made + " connections to " + Scenarios.text(to) + (linger
                ? ", each closed with SO_LINGER 0 (a reset): no TIME_WAIT, the server saw 'connection reset'"
                : ", each closed by the client first: " + made + " TIME_WAIT on the client side, gone after 60 s"));
    }
}
