package io.tcpdoctor.lab;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.List;

/** A listener with a small backlog that never calls accept(): the accept queue fills, further SYNs are dropped. */
final class AcceptOverflow implements Scenario {
    static final int DEFAULT_BACKLOG = 8;

    @Override
    public String name() {
        return "accept-overflow";
    }

    @Override
    public String teaches() {
        return "a server that stops calling accept() (all worker threads busy): the accept queue (Recv-Q of the LISTEN "
                + "socket) reaches its limit (Send-Q), the kernel drops further handshakes (ListenOverflows), clients hang in SYN_SENT";
    }

    @Override
    public String state() {
        return "listen";
    }

    @Override
    public String finding() {
        return "accept-queue-overflow";
    }

    @Override
    public Isolation isolation() {
        return Isolation.LOOPBACK;
    }

    @Override
    public List<Fix> fixes() {
        return List.of(new Fix("accept", "the server accepts promptly: the queue stays empty"));
    }

    @Override
    public int defaultCount() {
        return 50;
    }

    @Override
    public void build(Lab lab) throws Exception {
        int backlog = lab.options().backlog() > 0 ? lab.options().backlog() : DEFAULT_BACKLOG;
        ServerSocketChannel listener = lab.listen(InetAddress.getLoopbackAddress(), Scenarios.port(lab, 8080), backlog);
        InetSocketAddress to = (InetSocketAddress) listener.getLocalAddress();
        boolean accepts = "accept".equals(lab.fix());
        if (accepts) {
            lab.spawn("acceptor", () -> {
                while (lab.running()) {
                    lab.track(listener.accept());
                }
            });
        }
        int i = 0;
        for (; i < lab.count() && lab.pace(i); i++) {
            lab.connectNonBlocking(to);
        }
        lab.say(i + " connection attempts to " + Scenarios.text(to) + " (listen backlog " + backlog + ")"
                + (accepts ? ", all accepted at once: the queue stays empty"
                        : "; nothing accepts them: the queue holds " + (backlog + 1) + ", the rest wait in SYN_SENT"));
    }
}
