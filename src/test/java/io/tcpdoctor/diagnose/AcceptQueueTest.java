package io.tcpdoctor.diagnose;

import io.tcpdoctor.testing.TestNetns;
import io.tcpdoctor.testing.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpdoctor.collect.Netns;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A listener with backlog 4 that never accepts, while a client keeps connecting: the accept queue overflows. */
class AcceptQueueTest {
    static final int PORT = 7000;
    static final int BACKLOG = 4;

    @Test
    void namesTheListenerTheQueueAndTheOverflowDelta() throws Exception {
        try (TestNetns ns = TestNetns.create("td-diag")) {
            List<SocketChannel> clients = new CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            ServerSocketChannel server;
            try (Netns in = Netns.enter(ns.name())) {
                server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT), BACKLOG);
            }
            // New connection attempts every 50 ms (at most 300, at most 30 s) from a thread inside the namespace.
            Thread connector = Thread.ofPlatform().daemon().start(() -> {
                try (Netns in = Netns.enter(ns.name())) {
                    long deadline = System.currentTimeMillis() + 30_000;
                    for (int i = 0; i < 300 && !stop.get() && System.currentTimeMillis() < deadline; i++) {
                        SocketChannel c = SocketChannel.open();
                        c.configureBlocking(false);
                        c.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT));
                        clients.add(c);
                        Thread.sleep(50);
                    }
                } catch (IOException | InterruptedException e) {
                    // stopping
                }
            });
            try {
                for (int i = 0; i < 100 && clients.size() < 12; i++) {
                    Thread.sleep(50);
                }
                Cli.Result run = Cli.run("diagnose", "-N", ns.name(), "--sample", "1s", "--format", "json");
                assertThat(run.code()).as(run.err()).isZero();
                JsonNode doc = Reports.parse(run.out());
                JsonNode f = Reports.single(doc, "accept-queue-overflow");
                assertThat(f.get("severity").asText()).isEqualTo("critical");
                assertThat(f.get("local").asText()).isEqualTo("127.0.0.1:" + PORT);
                assertThat(f.get("process").get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
                JsonNode ev = f.get("evidence");
                assertThat(ev.get("listen").asText()).isEqualTo("127.0.0.1:" + PORT);
                assertThat(ev.get("send_q").asLong()).isEqualTo(BACKLOG);
                // The kernel queues one more than the backlog before it calls the queue full.
                assertThat(ev.get("recv_q").asLong()).isEqualTo(BACKLOG + 1);
                assertThat(ev.get("listen_overflows_delta").asLong()).isPositive();
                assertThat(ev.get("listen_drops_delta").asLong()).isGreaterThanOrEqualTo(ev.get("listen_overflows_delta").asLong());
                assertThat(ev.get("sample_seconds").asDouble()).isGreaterThanOrEqualTo(1.0);
                long somaxconn = Long.parseLong(TestNetns.exec("ip", "netns", "exec", ns.name(), "sysctl", "-n", "net.core.somaxconn").strip());
                assertThat(ev.get("somaxconn").asLong()).isEqualTo(somaxconn);
                assertThat(f.get("explanation").asText()).contains("ListenOverflows grew by " + ev.get("listen_overflows_delta").asLong());
                assertThat(f.get("actions").toString()).contains("somaxconn").contains("SO_BACKLOG");

                Cli.Result check = Cli.run("check", "-N", ns.name(), "--sample", "300ms");
                assertThat(check.code()).isEqualTo(2);
                assertThat(check.out()).startsWith("TCPDOCTOR CRITICAL - accept-queue-overflow: accept queue of 127.0.0.1:" + PORT + " is full");
            } finally {
                stop.set(true);
                connector.join(5000);
                for (SocketChannel c : clients) {
                    c.close();
                }
                server.close();
            }
        }
    }
}
