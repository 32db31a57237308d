package io.tcpdoctor.diagnose;

import io.tcpdoctor.testing.TestNetns;
import io.tcpdoctor.testing.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpdoctor.lab.Lab;
import io.tcpdoctor.lab.LabOptions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A client that opens and closes connections to one loopback destination, with the port range narrowed and
 * TIME_WAIT reuse off inside a namespace, until connect() fails (the lab's port-exhaustion scenario); and one
 * that keeps closing while diagnose samples its close rate.
 */
class TimeWaitExhaustionTest {
    static final int PORT = 8080;

    @Test
    void namesTheDestinationThePortNumbersAndTheClientProcess() throws Exception {
        // The lab's port-exhaustion scenario: 200 ports (40000-40199), tcp_tw_reuse=0 in its namespace, one
        // connection kept open and a client closing first until connect() fails.
        LabOptions options = LabOptions.defaults().inNetns().withRate(0).withDuration(Duration.ofSeconds(90)).withPorts(200);
        try (Lab lab = Lab.start("port-exhaustion", options)) {
            assertThat(lab.port()).isEqualTo(PORT);
            settle(lab.netns());
            // The client closed first, so every closed connection left a TIME_WAIT on its ephemeral port.
            String events = String.join("\n", lab.events());
            assertThat(events).as("connect() must fail once the 200 ports are used").contains("Cannot assign requested address");
            Matcher made = Pattern.compile("(\\d+) connections to 127\\.0\\.0\\.1:" + PORT + ", each closed").matcher(events);
            assertThat(made.find()).as(events).isTrue();
            int opened = Integer.parseInt(made.group(1));
            assertThat(opened).isGreaterThanOrEqualTo(190);
            // ss is the independent count of what the kernel holds now.
            long tw = TestNetns.exec("ip", "netns", "exec", lab.netns(), "ss", "-Htan", "state", "time-wait", "dst", "127.0.0.1:" + PORT)
                    .lines().count();
            assertThat(tw).isBetween(190L, 199L);

            Cli.Result run = Cli.run("diagnose", "-N", lab.netns(), "--format", "json");
            assertThat(run.code()).as(run.err()).isZero();
            JsonNode doc = Reports.parse(run.out());
            JsonNode f = Reports.single(doc, "time-wait-port-exhaustion");
            assertThat(f.get("severity").asText()).isEqualTo("critical");
            assertThat(f.get("peer").asText()).isEqualTo("127.0.0.1:" + PORT);
            JsonNode ev = f.get("evidence");
            assertThat(ev.get("destination").asText()).isEqualTo("127.0.0.1:" + PORT);
            assertThat(ev.get("port_range").asText()).isEqualTo("40000-40199");
            assertThat(ev.get("usable_ports").asLong()).isEqualTo(200);
            assertThat(ev.get("time_wait").asLong()).isEqualTo(tw);
            assertThat(ev.get("established").asLong()).isEqualTo(1);
            assertThat(ev.get("ports_in_use").asLong()).isEqualTo(tw + 1);
            assertThat(ev.get("free_ports").asLong()).isEqualTo(200 - tw - 1);
            assertThat(ev.get("port_usage_pct").asDouble()).isGreaterThanOrEqualTo(95.0);
            // The connections were all made within a second or two: their TIME_WAIT ages say so, count / 60 s would not.
            assertThat(ev.get("close_rate_source").asText()).isEqualTo("time-wait-ages");
            assertThat(ev.get("close_rate_per_s").asDouble()).isGreaterThan(tw / 30.0);
            // The TIME_WAIT sockets have no owner: the process is inferred from the connection kept open.
            assertThat(f.get("process").get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(f.get("process").get("inferred").asBoolean()).isTrue();
            assertThat(f.get("explanation").asText()).contains("60 s").contains("EADDRNOTAVAIL");
            assertThat(f.get("actions").toString()).contains("HikariConfig").contains("tcp_tw_reuse=1")
                    .doesNotContain("tcp_tw_recycle=1");
            assertThat(doc.get("assumptions")).isEmpty();
            assertThat(doc.get("status").asText()).isEqualTo("critical");

            // Chinese report of the same host: same numbers, Chinese texts, no missing keys.
            Cli.Result zh = Cli.run("diagnose", "-N", lab.netns(), "--lang", "zh");
            assertThat(zh.out()).contains("[严重] 到 127.0.0.1:" + PORT + " 的临时端口即将耗尽").doesNotContain("!time")
                    .doesNotContain("!action").contains("连接池");

            Cli.Result check = Cli.run("check", "-N", lab.netns());
            assertThat(check.code()).isEqualTo(2);
            assertThat(check.out()).startsWith("TCPDOCTOR CRITICAL - time-wait-port-exhaustion: ").contains("time_wait=" + tw);
        }
    }

    @Test
    void sampleMeasuresTheCloseRateAndTheTimeLeft() throws Exception {
        // 1000 ports, and a client closing 100 connections a second: 6000 TIME_WAIT at steady state, so the range
        // runs out about 10 s after the start. The lab keeps connecting in the background while diagnose samples.
        LabOptions options = LabOptions.defaults().inNetns().withDuration(Duration.ofSeconds(60)).withPorts(1000)
                .withCount(2000).withRate(100);
        try (Lab lab = Lab.startInBackground("port-exhaustion", options)) {
            Thread.sleep(500);
            Cli.Result run = Cli.run("diagnose", "-N", lab.netns(), "--sample", "1s", "--format", "json");
            assertThat(run.code()).as(run.err()).isZero();
            JsonNode f = Reports.single(Reports.parse(run.out()), "time-wait-port-exhaustion");
            JsonNode ev = f.get("evidence");
            assertThat(ev.get("close_rate_source").asText()).isEqualTo("kernel-counters");
            double rate = ev.get("close_rate_per_s").asDouble();
            assertThat(rate).isBetween(20.0, 150.0);
            assertThat(ev.get("usable_ports").asLong()).isEqualTo(1000);
            long free = ev.get("free_ports").asLong();
            assertThat(free).isEqualTo(1000 - ev.get("ports_in_use").asLong());
            // Little's law: the steady state needs rate x 60 s ports plus the open ones; far more than 1000.
            assertThat(ev.get("steady_state_ports").asLong()).isGreaterThan(1000);
            assertThat(ev.get("seconds_to_exhaustion").asDouble()).isCloseTo(free / rate, org.assertj.core.data.Percentage.withPercentage(5));
            assertThat(f.get("severity").asText()).isIn("warning", "critical");
            assertThat(f.get("explanation").asText()).contains("Measured close rate").contains("last about");
            assertThat(f.get("process").get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            lab.close();
            lab.awaitBuilt();
        }
    }

    @Test
    void aCriticalFindingNeverSaysThePortsDoNotRunOut() throws Exception {
        // 185 connections closed at once against 200 ports: 186 held, 14 free, CRITICAL. The burst is over, so
        // "count / 60 s" (3/s) would need only 186 ports at steady state: the old text said "does not run out".
        LabOptions options = LabOptions.defaults().inNetns().withRate(0).withDuration(Duration.ofSeconds(90)).withPorts(200)
                .withCount(185);
        try (Lab lab = Lab.start("port-exhaustion", options)) {
            settle(lab.netns());
            Cli.Result live = Cli.run("diagnose", "-N", lab.netns(), "--format", "json");
            JsonNode f = Reports.single(Reports.parse(live.out()), "time-wait-port-exhaustion");
            assertThat(f.get("severity").asText()).isEqualTo("critical");
            assertThat(f.get("evidence").get("free_ports").asLong()).isEqualTo(14);
            assertThat(f.get("explanation").asText()).doesNotContain("does not run out");

            // The same sockets saved by netstat (no timers: Little's law is all there is) and the namespace's sysctls.
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("td-capture");
            try {
                java.nio.file.Path capture = dir.resolve("netstat-ant.txt");
                java.nio.file.Path sysctls = dir.resolve("sysctl-a.txt");
                java.nio.file.Files.writeString(capture, TestNetns.exec("ip", "netns", "exec", lab.netns(), "netstat", "-ant"));
                java.nio.file.Files.writeString(sysctls, TestNetns.exec("ip", "netns", "exec", lab.netns(), "sysctl",
                        "net.ipv4.ip_local_port_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_tw_reuse", "net.ipv4.tcp_timestamps"));
                Cli.Result saved = Cli.run("diagnose", "-i", capture.toString(), "--sysctl", sysctls.toString(), "--format", "json");
                assertThat(saved.code()).as(saved.err()).isZero();
                JsonNode c = Reports.single(Reports.parse(saved.out()), "time-wait-port-exhaustion");
                assertThat(c.get("severity").asText()).isEqualTo("critical");
                assertThat(c.get("evidence").get("close_rate_source").asText()).isEqualTo("littles-law");
                assertThat(c.get("explanation").asText()).doesNotContain("does not run out").contains("only 14 are free");
                Cli.Result text = Cli.run("diagnose", "-i", capture.toString(), "--sysctl", sysctls.toString());
                assertThat(text.out()).contains("CRITICAL").doesNotContain("does not run out");
            } finally {
                try (var files = java.nio.file.Files.list(dir)) {
                    for (java.nio.file.Path p : files.toList()) {
                        java.nio.file.Files.delete(p);
                    }
                }
                java.nio.file.Files.delete(dir);
            }
        }
    }

    /** Waits (bounded, 20 s) until every connection the client closed has finished closing on both sides. */
    static void settle(String ns) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            String out = TestNetns.exec("ip", "netns", "exec", ns, "ss", "-Htan", "state", "fin-wait-1", "state", "fin-wait-2",
                    "state", "close-wait", "state", "last-ack");
            if (out.isBlank()) {
                return;
            }
            Thread.sleep(100);
        }
    }
}
