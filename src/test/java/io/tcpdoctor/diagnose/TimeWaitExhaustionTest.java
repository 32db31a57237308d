package io.tcpdoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpdoctor.collect.Netns;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A client that opens and closes connections to one loopback destination, with the port range narrowed to 200
 * ports and TIME_WAIT reuse off inside a namespace, until connect() fails: the real ephemeral-port exhaustion.
 */
class TimeWaitExhaustionTest {
    static final int PORT = 8080;

    @Test
    void namesTheDestinationThePortNumbersAndTheClientProcess() throws Exception {
        try (TestNamespace ns = new TestNamespace()) {
            ns.sysctl("net.ipv4.ip_local_port_range=40000 40199", "net.ipv4.tcp_tw_reuse=0");
            AtomicBoolean stop = new AtomicBoolean();
            int opened = 0;
            String failure = null;
            Socket kept;
            ServerSocket server;
            try (Netns in = Netns.enter(ns.name)) {
                server = new ServerSocket(PORT, 512, InetAddress.getLoopbackAddress());
                Thread acceptor = Thread.ofPlatform().daemon().start(() -> serve(server, stop));
                // One connection stays open: the live socket that names the client process.
                kept = new Socket(InetAddress.getLoopbackAddress(), PORT);
                for (int i = 0; i < 400; i++) {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT), 2000);
                        opened++;
                    } catch (IOException e) {
                        failure = e.getMessage();
                        break;
                    }
                }
                assertThat(acceptor.isAlive()).isTrue();
            }
            try {
                settle(ns.name);
                // The client closed first, so every closed connection left a TIME_WAIT on its ephemeral port.
                assertThat(failure).as("connect() must fail once the 200 ports are used").contains("Cannot assign requested address");
                assertThat(opened).isBetween(190, 199);

                TestNamespace.Run run = TestNamespace.tcpdoctor("diagnose", "-N", ns.name, "--format", "json");
                assertThat(run.code()).as(run.err()).isZero();
                JsonNode doc = Reports.parse(run.out());
                JsonNode f = Reports.single(doc, "time-wait-port-exhaustion");
                assertThat(f.get("severity").asText()).isEqualTo("critical");
                assertThat(f.get("peer").asText()).isEqualTo("127.0.0.1:" + PORT);
                JsonNode ev = f.get("evidence");
                assertThat(ev.get("destination").asText()).isEqualTo("127.0.0.1:" + PORT);
                assertThat(ev.get("port_range").asText()).isEqualTo("40000-40199");
                assertThat(ev.get("usable_ports").asLong()).isEqualTo(200);
                assertThat(ev.get("time_wait").asLong()).isEqualTo(opened);
                assertThat(ev.get("established").asLong()).isEqualTo(1);
                assertThat(ev.get("ports_in_use").asLong()).isEqualTo(opened + 1);
                assertThat(ev.get("free_ports").asLong()).isEqualTo(200 - opened - 1);
                assertThat(ev.get("port_usage_pct").asDouble()).isGreaterThanOrEqualTo(95.0);
                assertThat(ev.get("close_rate_source").asText()).isEqualTo("estimate");
                assertThat(ev.get("close_rate_per_s").asDouble()).isEqualTo(Math.round(opened / 60.0 * 10) / 10.0);
                // The TIME_WAIT sockets have no owner: the process is inferred from the connection kept open.
                assertThat(f.get("process").get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
                assertThat(f.get("process").get("inferred").asBoolean()).isTrue();
                assertThat(f.get("explanation").asText()).contains("60 s").contains("EADDRNOTAVAIL");
                assertThat(f.get("actions").toString()).contains("HikariConfig").contains("tcp_tw_reuse=1")
                        .doesNotContain("tcp_tw_recycle=1");
                assertThat(doc.get("assumptions")).isEmpty();
                assertThat(doc.get("status").asText()).isEqualTo("critical");

                // Chinese report of the same host: same numbers, Chinese texts, no missing keys.
                TestNamespace.Run zh = TestNamespace.tcpdoctor("diagnose", "-N", ns.name, "--lang", "zh");
                assertThat(zh.out()).contains("[CRITICAL] 到 127.0.0.1:" + PORT + " 的临时端口即将耗尽").doesNotContain("!time")
                        .doesNotContain("!action").contains("连接池");

                TestNamespace.Run check = TestNamespace.tcpdoctor("check", "-N", ns.name);
                assertThat(check.code()).isEqualTo(2);
                assertThat(check.out()).startsWith("TCPDOCTOR CRITICAL - time-wait-port-exhaustion: ").contains("time_wait=" + opened);
            } finally {
                stop.set(true);
                kept.close();
                server.close();
            }
        }
    }

    /** Accepts each connection on its own thread, reads to end of stream, then closes: the server never closes first. */
    private static void serve(ServerSocket server, AtomicBoolean stop) {
        while (!stop.get()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            Thread.ofVirtual().start(() -> {
                try (s; InputStream in = s.getInputStream()) {
                    s.setSoTimeout(30_000);
                    while (in.read() >= 0) {
                        // drain until the client closes
                    }
                } catch (IOException ignored) {
                    // the client went away: nothing to serve
                }
            });
        }
    }

    /** Waits (bounded) until the server side has closed every connection the client closed. */
    static void settle(String ns) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            String out = TestNamespace.sh("ip", "netns", "exec", ns, "ss", "-Htan", "state", "fin-wait-2");
            if (out.isBlank()) {
                return;
            }
            Thread.sleep(100);
        }
    }
}
