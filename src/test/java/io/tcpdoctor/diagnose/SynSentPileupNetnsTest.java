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
 * A destination namespace that silently drops SYNs to one port (nft): connection attempts from the client namespace
 * pile up in SYN_SENT. The finding names the destination and the owning process, with a connect-timeout example in
 * the owner's language: Java for this JVM, Python for a python3 child.
 */
class SynSentPileupNetnsTest {
    static final String DEST = "10.198.0.1";
    static final String CLIENT = "10.198.0.2";

    @Test
    void attemptsToADeadDestinationAreOneFindingInTheOwnersLanguage() throws Exception {
        try (TestNetns dst = TestNetns.create("td-ssdst"); TestNetns cli = TestNetns.create("td-sscli")) {
            cli.link(dst, CLIENT, DEST);
            dst.run("nft", "add", "table", "inet", "tdss");
            dst.run("nft", "add", "chain", "inet", "tdss", "in", "{ type filter hook input priority 0; }");
            dst.run("nft", "add", "rule", "inet", "tdss", "in", "tcp", "dport", "{ 7200, 7201 }", "drop");
            List<SocketChannel> attempts = new ArrayList<>();
            Process py = null;
            try {
                try (Netns in = Netns.enter(cli.name())) {
                    for (int i = 0; i < 25; i++) {
                        SocketChannel c = SocketChannel.open();
                        c.configureBlocking(false);
                        c.connect(new InetSocketAddress(DEST, 7200));
                        attempts.add(c);
                    }
                }
                py = new ProcessBuilder("ip", "netns", "exec", cli.name(), "python3", "-c",
                        "import socket,time\nss=[]\nfor i in range(22):\n s=socket.socket(); s.setblocking(False)\n"
                                + " try: s.connect(('" + DEST + "',7201))\n except BlockingIOError: pass\n ss.append(s)\n"
                                + "print('READY', flush=True)\ntime.sleep(20)\n").start();
                TestNetns.awaitReady(py, 15_000);
                Cli.Result r = Cli.run("diagnose", "-N", cli.name(), "--format", "json");
                assertThat(r.code()).as(r.err()).isZero();
                JsonNode doc = Reports.parse(r.out());
                List<JsonNode> fs = Reports.findings(doc, "syn-sent-pileup");
                assertThat(fs).hasSize(2);
                JsonNode java = fs.stream().filter(f -> f.get("peer").asText().endsWith(":7200")).findFirst().orElseThrow();
                assertThat(java.get("peer").asText()).isEqualTo(DEST + ":7200");
                assertThat(java.get("evidence").get("syn_sent").asLong()).isEqualTo(25);
                assertThat(java.get("process").get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
                assertThat(java.get("title").asText()).contains("stuck in SYN_SENT");
                assertThat(java.get("explanation").asText()).contains("firewall drops the SYNs").contains("tcp_syn_linear_timeouts");
                assertThat(java.get("actions").toString()).contains("InetSocketAddress").contains("nc -vz -w 2 " + DEST + " 7200");
                JsonNode python = fs.stream().filter(f -> f.get("peer").asText().endsWith(":7201")).findFirst().orElseThrow();
                assertThat(python.get("evidence").get("syn_sent").asLong()).isEqualTo(22);
                assertThat(python.get("process").get("name").asText()).startsWith("python");
                assertThat(python.get("actions").toString()).contains("socket.create_connection").doesNotContain("InetSocketAddress");
            } finally {
                for (SocketChannel c : attempts) {
                    c.close();
                }
                if (py != null) {
                    py.destroyForcibly();
                }
            }
        }
    }
}
