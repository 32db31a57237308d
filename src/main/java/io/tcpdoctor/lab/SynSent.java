package io.tcpdoctor.lab;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Connections to a destination that drops SYNs (an nft rule inside the lab's namespace): they stay in SYN_SENT
 * while the kernel retransmits the SYN, until tcp_syn_retries gives up.
 */
final class SynSent implements Scenario {
    static final int PORT = 8081;

    @Override
    public String name() {
        return "syn-sent";
    }

    @Override
    public String teaches() {
        return "connect() to a destination that silently drops SYNs (a firewall, a dead route): SYN_SENT while the kernel "
                + "retries (tcp_syn_retries, about 2 minutes with defaults); a connect() without a timeout hangs that long";
    }

    @Override
    public String state() {
        return "syn-sent";
    }

    @Override
    public String finding() {
        return null;
    }

    @Override
    public Isolation isolation() {
        return Isolation.NETNS;
    }

    @Override
    public boolean needsFirewall() {
        return true;
    }

    @Override
    public int defaultCount() {
        return 100;
    }

    @Override
    public void build(Lab lab) throws Exception {
        lab.nft("table inet tcpdoctor_lab {\n"
                + "  chain output {\n"
                + "    type filter hook output priority 0; policy accept;\n"
                + "    ip daddr 127.0.0.1 tcp dport " + PORT + " tcp flags & (syn | ack) == syn drop\n"
                + "  }\n"
                + "}\n");
        InetSocketAddress to = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), PORT);
        lab.say("nft rule inside " + lab.netns() + ": drop SYNs to 127.0.0.1:" + PORT);
        int i = 0;
        for (; i < lab.count() && lab.pace(i); i++) {
            lab.connectNonBlocking(to);
        }
        lab.say(i + " non-blocking connect() calls to 127.0.0.1:" + PORT + ": all in SYN_SENT, the SYNs are dropped");
        if (lab.running()) {
            try (Socket s = new Socket()) {
                s.connect(to, 1000);
            } catch (SocketTimeoutException e) {
                lab.say("a blocking connect() with a 1 s timeout failed: " + e.getMessage()
                        + " (without a timeout it would wait for every SYN retry)");
            }
        }
    }
}
