package io.tcpdoctor.lab;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Two namespaces joined by a veth pair; the server's namespace drops its own outgoing SYN-ACKs, so every
 * handshake stops half way: the listener's SYN queue fills with SYN_RECV.
 */
final class SynFlood implements Scenario {
    static final int PORT = 8080;
    static final int DEFAULT_BACKLOG = 1024;

    @Override
    public String name() {
        return "syn-flood";
    }

    @Override
    public String teaches() {
        return "half-open handshakes (a SYN flood, or SYN-ACKs lost on the way back): SYN_RECV on the listener, capped "
                + "by its backlog min(backlog, somaxconn); with tcp_syncookies=1 further SYNs get cookies instead of drops";
    }

    @Override
    public String state() {
        return "syn-recv";
    }

    @Override
    public String finding() {
        return "syn-recv-flood";
    }

    @Override
    public Isolation isolation() {
        return Isolation.NETNS_PAIR;
    }

    @Override
    public boolean needsFirewall() {
        return true;
    }

    @Override
    public int defaultCount() {
        return 300;
    }

    @Override
    public List<String> diagnoseArgs(int count) {
        return Scenarios.threshold("--syn-recv", count, 256);
    }

    @Override
    public void build(Lab lab) throws Exception {
        int backlog = lab.options().backlog() > 0 ? lab.options().backlog() : DEFAULT_BACKLOG;
        lab.nft("table inet tcpdoctor_lab {\n"
                + "  chain output {\n"
                + "    type filter hook output priority 0; policy accept;\n"
                + "    tcp sport " + PORT + " tcp flags & (syn | ack) == syn | ack drop\n"
                + "  }\n"
                + "}\n");
        InetAddress server = InetAddress.getByName(Lab.SERVER_ADDRESS);
        lab.listen(server, PORT, backlog);
        InetSocketAddress to = new InetSocketAddress(server, PORT);
        int[] made = new int[1];
        lab.runIn(lab.peerNetns(), "clients", () -> {
            for (int i = 0; i < lab.count() && lab.pace(i); i++) {
                lab.connectNonBlocking(to);
                made[0] = i + 1;
            }
        });
        lab.say("nft rule inside " + lab.netns() + ": drop outgoing SYN-ACKs from port " + PORT);
        lab.say(made[0] + " connection attempts from " + lab.peerNetns() + " (" + Lab.CLIENT_ADDRESS + ") to "
                + Scenarios.text(to) + " (listen backlog " + backlog + "): each one stays in SYN_RECV on the server, "
                + "up to the backlog; the clients wait in SYN_SENT");
    }
}
