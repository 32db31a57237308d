package io.tcpdoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpdoctor.collect.Netns;
import io.tcpdoctor.testing.Cli;
import io.tcpdoctor.testing.TestNetns;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A listener with backlog 8 in one namespace, a client namespace behind a veth that drops every SYN-ACK (nft), so
 * the server's requests stay in SYN_RECV. The kernel caps them at the listener's backlog (plus one) whatever
 * tcp_max_syn_backlog says while cookies are on; with cookies off, tcp_max_syn_backlog also caps them.
 */
class SynQueueNetnsTest {
    static final int BACKLOG = 8;
    static final String SERVER = "10.199.0.1";
    static final String CLIENT = "10.199.0.2";

    @Test
    void fullQueueWithCookiesIsCriticalAndTheLimitIsTheBacklog() throws Exception {
        try (TestNetns srv = TestNetns.create("td-synsrv"); TestNetns cli = TestNetns.create("td-syncli")) {
            wire(srv, cli);
            // A small tcp_max_syn_backlog makes no difference while cookies are on: the backlog is the limit.
            srv.setSysctls("net.ipv4.tcp_syncookies=1", "net.ipv4.tcp_max_syn_backlog=4");
            try (Flood f = new Flood(srv, cli, 7101, 30)) {
                assertThat(synRecv(srv, 7101)).isEqualTo(BACKLOG + 1);
                Cli.Result run = Cli.run("diagnose", "-N", srv.name(), "--sample", "1500ms", "--format", "json");
                assertThat(run.code()).as(run.err()).isZero();
                JsonNode fnd = Reports.single(Reports.parse(run.out()), "syn-recv-flood");
                assertThat(fnd.get("severity").asText()).isEqualTo("critical");
                assertThat(fnd.get("title").asText()).contains("SYN queue of port 7101 is full");
                JsonNode ev = fnd.get("evidence");
                assertThat(ev.get("syn_recv").asLong()).isEqualTo(BACKLOG + 1);
                assertThat(ev.get("listen_backlog").asLong()).isEqualTo(BACKLOG);
                assertThat(ev.get("syn_queue_limit").asLong()).isEqualTo(BACKLOG + 1);
                // Clients retransmit their SYN every second; each one meets the full queue and gets a cookie.
                assertThat(ev.get("req_q_full_do_cookies_delta").asLong()).isPositive();
                assertThat(ev.get("syncookies_sent_delta").asLong()).isPositive();
                assertThat(ev.get("req_q_full_drop_delta").asLong()).isZero();
                assertThat(nstat(srv, "TcpExtTCPReqQFullDoCookies")).isPositive();
                String actions = fnd.get("actions").toString();
                assertThat(actions).doesNotContain("tcp_max_syn_backlog (e.g. 4096").doesNotContain("to 2 or 3")
                        .contains("somaxconn").contains("synack_retries at its default");
                assertThat(fnd.get("explanation").asText()).contains("SYN cookies").contains("Since Linux 4.4");
                // Request sockets have no owner: uid 0 from the kernel is shown as unknown, not root.
                JsonNode rows = Reports.parse(Cli.run("list", "-N", srv.name(), "--state", "syn-recv", "-o", "json").out());
                assertThat(rows.size()).isEqualTo(BACKLOG + 1);
                rows.forEach(r -> assertThat(r.get("uid").isNull() && r.get("user").isNull()).as(r.toString()).isTrue());
            }
        }
    }

    @Test
    void withoutCookiesTheQueueDropsAndSynBacklogAlsoLimits() throws Exception {
        try (TestNetns srv = TestNetns.create("td-synsrv"); TestNetns cli = TestNetns.create("td-syncli")) {
            wire(srv, cli);
            srv.setSysctls("net.ipv4.tcp_syncookies=0", "net.ipv4.tcp_max_syn_backlog=512");
            try (Flood f = new Flood(srv, cli, 7102, 30)) {
                assertThat(synRecv(srv, 7102)).isEqualTo(BACKLOG + 1);
                Cli.Result run = Cli.run("diagnose", "-N", srv.name(), "--sample", "1500ms", "--format", "json");
                JsonNode fnd = Reports.single(Reports.parse(run.out()), "syn-recv-flood");
                assertThat(fnd.get("severity").asText()).isEqualTo("critical");
                JsonNode ev = fnd.get("evidence");
                assertThat(ev.get("req_q_full_drop_delta").asLong()).isPositive();
                assertThat(ev.get("req_q_full_do_cookies_delta").asLong()).isZero();
                assertThat(fnd.get("explanation").asText()).contains("dropped");
                assertThat(fnd.get("actions").toString()).contains("tcp_syncookies=1");
            }
            // With cookies off, tcp_max_syn_backlog=4 caps a listener with backlog 8 below its backlog.
            srv.setSysctls("net.ipv4.tcp_max_syn_backlog=4");
            try (Flood f = new Flood(srv, cli, 7103, 30)) {
                long n = synRecv(srv, 7103);
                assertThat(n).isEqualTo(4);
                Cli.Result run = Cli.run("diagnose", "-N", srv.name(), "--format", "json");
                JsonNode ev = Reports.findings(Reports.parse(run.out()), "syn-recv-flood").stream()
                        .filter(x -> x.get("evidence").get("local_port").asInt() == 7103).findFirst().orElseThrow().get("evidence");
                assertThat(ev.get("syn_recv").asLong()).isEqualTo(4);
                assertThat(ev.get("syn_queue_limit").asLong()).isEqualTo(4);
            }
        }
    }

    private static void wire(TestNetns srv, TestNetns cli) {
        srv.link(cli, SERVER, CLIENT);
        cli.run("nft", "add", "table", "inet", "tdsyn");
        cli.run("nft", "add", "chain", "inet", "tdsyn", "in", "{ type filter hook input priority 0; }");
        cli.run("nft", "add", "rule", "inet", "tdsyn", "in", "tcp", "flags", "&", "(syn|ack)", "==", "(syn|ack)", "drop");
    }

    /** SYN_RECV sockets on a port, counted by ss (not by tcpdoctor), once the count settles. */
    private static long synRecv(TestNetns ns, int port) throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 40; i++) {
            long n = ns.run("ss", "-Htn", "state", "syn-recv", "sport", "= :" + port).lines().filter(l -> !l.isBlank()).count();
            if (n == last && n > 0) {
                return n;
            }
            last = n;
            Thread.sleep(100);
        }
        return last;
    }

    private static long nstat(TestNetns ns, String name) {
        for (String l : ns.run("nstat", "-az", name).lines().toList()) {
            String[] p = l.trim().split("\\s+");
            if (p.length >= 2 && p[0].equals(name)) {
                return Long.parseLong(p[1]);
            }
        }
        return -1;
    }

    /** A listener that never accepts plus {@code count} connection attempts whose SYN-ACKs are dropped. */
    private static final class Flood implements AutoCloseable {
        final ServerSocketChannel server;
        final List<SocketChannel> clients = new ArrayList<>();

        Flood(TestNetns srv, TestNetns cli, int port, int count) throws IOException {
            try (Netns in = Netns.enter(srv.name())) {
                server = ServerSocketChannel.open().bind(new InetSocketAddress(SERVER, port), BACKLOG);
            }
            try (Netns in = Netns.enter(cli.name())) {
                for (int i = 0; i < count; i++) {
                    SocketChannel c = SocketChannel.open();
                    c.configureBlocking(false);
                    c.connect(new InetSocketAddress(SERVER, port));
                    clients.add(c);
                }
            }
        }

        @Override
        public void close() throws IOException {
            for (SocketChannel c : clients) {
                c.close();
            }
            server.close();
        }
    }
}
