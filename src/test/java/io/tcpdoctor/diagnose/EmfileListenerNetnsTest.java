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
                Cli.Result r = Cli.run("diagnose", "-N", ns.name(), "--sample", "1s", "--format", "json");
                assertThat(r.code()).as(r.err()).isZero();
                JsonNode f = Reports.single(Reports.parse(r.out()), "accept-queue-overflow");
                JsonNode ev = f.get("evidence");
                assertThat(ev.get("send_q").asLong()).isEqualTo(8);
                assertThat(ev.get("recv_q").asLong()).isEqualTo(9);
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
