package io.tcpdoctor.diagnose;

import io.tcpdoctor.testing.TestNetns;
import io.tcpdoctor.testing.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpdoctor.collect.Netns;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A healthy namespace, one with risky TCP settings, and a namespace that does not exist. */
class HostSettingsTest {

    @Test
    void healthyNamespaceGetsOneLineAndTheHistogram() throws Exception {
        try (TestNetns ns = TestNetns.create("td-diag")) {
            List<AutoCloseable> open = new ArrayList<>();
            try {
                try (Netns in = Netns.enter(ns.name())) {
                    ServerSocket server = new ServerSocket(8443, 50, InetAddress.getLoopbackAddress());
                    open.add(server);
                    open.add(new Socket(InetAddress.getLoopbackAddress(), 8443));
                    open.add(server.accept());
                }
                Cli.Result run = Cli.run("diagnose", "-N", ns.name(), "--lang", "en");
                assertThat(run.code()).isZero();
                List<String> lines = run.out().lines().toList();
                assertThat(lines.get(0)).startsWith("tcpdoctor diagnose: live ").contains("netns " + ns.name());
                assertThat(lines).contains("ESTABLISHED      2  ########################################",
                        "LISTEN           1  ####################", "TOTAL            3",
                        "OK: no TCP connection-state problem found (3 sockets)");
                assertThat(run.out()).doesNotContain("[CRITICAL]", "[WARNING]", "[INFO]", "Assumptions");

                JsonNode doc = Reports.parse(Cli.run("diagnose", "-N", ns.name(), "--format", "json").out());
                assertThat(doc.get("status").asText()).isEqualTo("ok");
                assertThat(doc.get("findings")).hasSize(1);
                assertThat(doc.get("findings").get(0).get("id").asText()).isEqualTo("healthy");
                assertThat(doc.get("states").get("ESTABLISHED").asLong()).isEqualTo(2);

                Cli.Result check = Cli.run("check", "-N", ns.name(), "--lang", "en");
                assertThat(check.code()).isZero();
                assertThat(check.out().strip()).isEqualTo("TCPDOCTOR OK - no TCP connection-state problem found (3 sockets) | total=3 "
                        + "established=2 time_wait=0 close_wait=0 syn_recv=0 fin_wait1=0 fin_wait2=0 last_ack=0");
            } finally {
                for (AutoCloseable c : open) {
                    c.close();
                }
            }
        }
    }

    @Test
    void riskySettingsOnAPureServerAreReported() throws Exception {
        try (TestNetns ns = TestNetns.create("td-diag")) {
            ns.setSysctls("net.ipv4.tcp_tw_reuse=1", "net.ipv4.tcp_timestamps=0", "net.ipv4.tcp_fin_timeout=10");
            ServerSocket server;
            try (Netns in = Netns.enter(ns.name())) {
                server = new ServerSocket(80, 50, InetAddress.getLoopbackAddress());
            }
            try (server) {
                JsonNode doc = Reports.parse(Cli.run("diagnose", "-N", ns.name(), "--format", "json").out());
                JsonNode reuse = Reports.single(doc, "risky-tw-reuse-on-server");
                assertThat(reuse.get("severity").asText()).isEqualTo("info");
                assertThat(reuse.get("evidence").get("listening_ports").asLong()).isEqualTo(1);
                assertThat(reuse.get("evidence").get("outgoing_connections").asLong()).isZero();
                assertThat(reuse.get("explanation").asText()).contains("outgoing");

                JsonNode ts = Reports.single(doc, "timestamps-off");
                // Reuse was asked for, and timestamps off silently disable it: a warning.
                assertThat(ts.get("severity").asText()).isEqualTo("warning");
                assertThat(ts.get("evidence").get("tcp_tw_reuse").asLong()).isEqualTo(1);

                JsonNode fin = Reports.single(doc, "fin-timeout-misunderstood");
                assertThat(fin.get("severity").asText()).isEqualTo("info");
                assertThat(fin.get("evidence").get("tcp_fin_timeout").asLong()).isEqualTo(10);
                assertThat(fin.get("title").asText()).contains("does not shorten TIME_WAIT");
                assertThat(Reports.findings(doc, "healthy")).isEmpty();
                assertThat(doc.get("status").asText()).isEqualTo("warning");

                Cli.Result check = Cli.run("check", "-N", ns.name());
                assertThat(check.code()).isEqualTo(1);
                assertThat(check.out()).startsWith("TCPDOCTOR WARNING - timestamps-off: ");
                JsonNode checkJson = Reports.parse(Cli.run("check", "-N", ns.name(), "--format", "json").out());
                assertThat(checkJson.get("status").asText()).isEqualTo("WARNING");
                assertThat(checkJson.get("exit_code").asInt()).isEqualTo(1);
                assertThat(checkJson.get("findings").get(0).toString())
                        .isEqualTo("{\"id\":\"timestamps-off\",\"severity\":\"warning\",\"title\":\"tcp_timestamps=0: TCP timestamps are off\"}");
                Cli.Result ignored = Cli.run("check", "-N", ns.name(), "--ignore", "timestamps-off");
                assertThat(ignored.code()).isZero();
                assertThat(ignored.out()).startsWith("TCPDOCTOR OK - ");

                Cli.Result zh = Cli.run("diagnose", "-N", ns.name(), "--lang", "zh");
                assertThat(zh.out()).contains("tcp_timestamps=0：TCP 时间戳已关闭", "这并不能缩短 TIME_WAIT")
                        .doesNotContainPattern("![a-z][\\w.-]*!");
            }
        }
    }

    @Test
    void checkIsUnknownWhenTheSourceIsUnavailable() {
        Cli.Result check = Cli.run("check", "-N", "td-diag-does-not-exist");
        assertThat(check.code()).isEqualTo(3);
        assertThat(check.out()).startsWith("TCPDOCTOR UNKNOWN - cannot diagnose: network namespace 'td-diag-does-not-exist' not found");
        Cli.Result badLang = Cli.run("check", "--lang", "fr");
        assertThat(badLang.code()).isEqualTo(3);
        assertThat(badLang.out()).contains("unknown language 'fr'");
        Cli.Result diag = Cli.run("diagnose", "-N", "td-diag-does-not-exist");
        assertThat(diag.code()).isEqualTo(3);
        assertThat(diag.err()).contains("not found");
        Cli.Result liveSysctl = Cli.run("diagnose", "--sysctl", "src/test/resources/diagnose/web-server-sysctl.conf");
        assertThat(liveSysctl.code()).isEqualTo(2);
        assertThat(liveSysctl.err()).contains("--sysctl is for captures");
        Cli.Result help = Cli.run("diagnose", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--sample=DURATION", "tcpdoctor diagnose --format json");
        Cli.Result badSample = Cli.run("diagnose", "--sample", "soon");
        assertThat(badSample.code()).isEqualTo(2);
        assertThat(badSample.err()).contains("bad duration 'soon'");
    }
}
