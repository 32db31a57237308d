package io.tcpdoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpdoctor.collect.Netns;
import io.tcpdoctor.testing.Cli;
import io.tcpdoctor.testing.TestNetns;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A python3 server limited to 16 open files accepts until accept() fails with EMFILE, then keeps trying: its accept
 * queue fills and overflows although it "accepts" all the time. The finding says the process is out of descriptors.
 */
class EmfileListenerNetnsTest {
    @Test
    void aListenerOutOfDescriptorsIsNamedAsTheCause() throws Exception {
        try (TestNetns ns = TestNetns.create("td-emfile")) {
            Process server = new ProcessBuilder("ip", "netns", "exec", ns.name(), "python3", "-c", String.join("\n",
                    "import resource, socket, time, errno",
                    "resource.setrlimit(resource.RLIMIT_NOFILE, (16, 16))",
                    "s = socket.socket(); s.bind(('127.0.0.1', 7400)); s.listen(8)",
                    "held = []; emfile = 0",
                    "print('READY', flush=True)",
                    "end = time.time() + 30",
                    "while time.time() < end:",
                    "    try:",
                    "        held.append(s.accept()[0])",
                    "    except OSError as e:",
                    "        if e.errno != errno.EMFILE: raise",
                    "        emfile += 1; time.sleep(0.05)")).start();
            List<SocketChannel> clients = new ArrayList<>();
            try {
                TestNetns.awaitReady(server, 15_000);
                try (Netns in = Netns.enter(ns.name())) {
                    for (int i = 0; i < 40; i++) {
                        SocketChannel c = SocketChannel.open();
                        c.configureBlocking(false);
                        c.connect(new InetSocketAddress("127.0.0.1", 7400));
                        clients.add(c);
                    }
                }
                Thread.sleep(500);
                // The rule wants overflows during its sample. Once every client is queued or waiting, the kernel's
                // retransmissions back off and a 1 s sample may see none: each attempt adds two clients whose SYNs
                // (and their retransmission 1 s later) meet the full queue inside a 2 s sample.
                Cli.Result r = null;
                for (int attempt = 0; attempt < 5; attempt++) {
                    try (Netns in = Netns.enter(ns.name())) {
                        for (int i = 0; i < 2; i++) {
                            SocketChannel c = SocketChannel.open();
                            c.configureBlocking(false);
                            c.connect(new InetSocketAddress("127.0.0.1", 7400));
                            clients.add(c);
                        }
                    }
                    r = Cli.run("diagnose", "-N", ns.name(), "--sample", "2s", "--format", "json");
                    assertThat(r.code()).as(r.err()).isZero();
                    boolean named = Reports.findings(Reports.parse(r.out()), "accept-queue-overflow").stream()
                            .anyMatch(x -> x.get("evidence").has("send_q"));
                    if (named) {
                        break;
                    }
                    Thread.sleep(1000);
                }
                JsonNode f = Reports.single(Reports.parse(r.out()), "accept-queue-overflow");
                JsonNode ev = f.get("evidence");
                assertThat(ev.get("send_q").asLong()).isEqualTo(8);
                // Full is backlog + 1 queued; a handshake completing as the table is read can leave one fewer.
                assertThat(ev.get("recv_q").asLong()).isBetween(8L, 9L);
                assertThat(ev.get("max_open_files").asLong()).isEqualTo(16);
                assertThat(ev.get("open_fds").asLong()).isGreaterThanOrEqualTo(14);
                assertThat(f.get("process").get("name").asText()).startsWith("python");
                assertThat(f.get("explanation").asText()).contains("accept() fails with EMFILE");
                assertThat(f.get("actions").toString()).contains("/proc/" + f.get("process").get("pid").asLong() + "/fd");
            } finally {
                for (SocketChannel c : clients) {
                    c.close();
                }
                server.destroyForcibly();
            }
        }
    }
}
