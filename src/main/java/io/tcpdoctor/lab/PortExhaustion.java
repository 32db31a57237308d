package io.tcpdoctor.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * One destination, a narrowed ip_local_port_range inside the lab's namespace, a client that closes first:
 * TIME_WAIT holds every port until connect() fails with EADDRNOTAVAIL.
 */
final class PortExhaustion implements Scenario {
    static final int FIRST_PORT = 40000;
    static final int DEFAULT_PORTS = 200;

    @Override
    public String name() {
        return "port-exhaustion";
    }

    @Override
    public String teaches() {
        return "ephemeral ports run out per destination: with the port range narrowed to a few hundred (inside the lab's "
                + "namespace), TIME_WAIT of a close-first client holds them all until connect() fails with "
                + "EADDRNOTAVAIL (Cannot assign requested address)";
    }

    @Override
    public String state() {
        return "time-wait";
    }

    @Override
    public String finding() {
        return "time-wait-port-exhaustion";
    }

    @Override
    public Isolation isolation() {
        return Isolation.NETNS;
    }

    @Override
    public List<Fix> fixes() {
        return List.of(new Fix("pool", "one kept-alive connection carries every request: one port instead of one per request"),
                new Fix("tw-reuse", "tcp_tw_reuse=1 (in the lab's namespace): connect() takes over a TIME_WAIT port about "
                        + "1 s after its last packet (tcp_tw_reuse_delay), so the range lasts only while new connections per "
                        + "second stay well below its size (try --rate 50; the TIME_WAIT count stays near the range size)", false));
    }

    @Override
    public int defaultCount() {
        return 5000;
    }

    @Override
    public void build(Lab lab) throws Exception {
        int ports = lab.options().ports() > 0 ? lab.options().ports() : DEFAULT_PORTS;
        String range = FIRST_PORT + " " + (FIRST_PORT + ports - 1);
        lab.sysctl("net.ipv4.ip_local_port_range", range);
        lab.sysctl("net.ipv4.tcp_tw_reuse", "tw-reuse".equals(lab.fix()) ? "1" : "0");
        ServerSocketChannel listener = lab.listen(InetAddress.getLoopbackAddress(), 8080, 1024);
        InetSocketAddress to = (InetSocketAddress) listener.getLocalAddress();
        // One connection stays open for the whole run, as a real client keeps one: it takes one of the ports, and
        // being owned by the client process it names that process (TIME_WAIT sockets have no owner).
        lab.connect(to);
        lab.track(listener.accept());
        RequestServer.start(lab, listener, RequestServer.Closes.AFTER_CLIENT);
        if ("pool".equals(lab.fix())) {
            lab.pooledRequests(to, "one port of " + ports + " used");
            return;
        }
        int i = 0;
        for (; i < lab.count() && lab.pace(i); i++) {
            SocketChannel c;
            try {
                c = SocketChannel.open(to);
            } catch (IOException e) {
                lab.say("connect() number " + (i + 1) + " to " + Scenarios.text(to) + " failed: " + e.getMessage()
                        + " (EADDRNOTAVAIL): the " + ports + " ports of ip_local_port_range " + range
                        + " are all held by TIME_WAIT sockets to this destination (and the one connection kept open)"
                        + ("tw-reuse".equals(lab.fix()) ? ", none old enough for tcp_tw_reuse yet" : ""));
                break;
            }
            try (c) {
                Lab.exchange(c);
            }
        }
        lab.say(i + " connections to " + Scenarios.text(to) + ", each closed by the client first; one more stays open");
    }
}
