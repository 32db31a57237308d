package io.tcpdoctor.advise;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpdoctor.collect.KernelCounters;
import io.tcpdoctor.collect.Netns;
import io.tcpdoctor.lab.Lab;
import io.tcpdoctor.lab.LabOptions;
import io.tcpdoctor.testing.Cli;
import io.tcpdoctor.testing.FactsGuard;
import io.tcpdoctor.testing.TestNetns;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tune} on real problems built in network namespaces (the lab's scenarios, or sockets opened here): each change
 * is proposed only on the evidence that it helps, names that evidence, and is never at or below the current value.
 */
class TuneAdviceNetnsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static JsonNode json(String... args) throws IOException {
        Cli.Result r = Cli.run(args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return JSON.readTree(r.out());
    }

    static JsonNode change(JsonNode doc, String key) {
        for (JsonNode c : doc.get("changes")) {
            if (c.get("key").asText().equals(key)) {
                return c;
            }
        }
        return null;
    }

    static JsonNode skipped(JsonNode doc, String key) {
        for (JsonNode c : doc.get("not_proposed")) {
            if (c.get("key").asText().equals(key)) {
                return c;
            }
        }
        return null;
    }

    static String hostSysctl(String key) {
        return TestNetns.exec("sysctl", "-n", key).strip().replaceAll("\\s+", " ");
    }

    static String nsSysctl(String ns, String key) {
        return TestNetns.exec("ip", "netns", "exec", ns, "sysctl", "-n", key).strip().replaceAll("\\s+", " ");
    }

    @Test
    void outgoingTimeWaitPressureGetsReuseAndAWiderRangeWithANamespaceLoadHint() throws Exception {
        // 200 ports (40000-40199), tcp_tw_reuse=0, a loopback client closing first until connect() fails.
        LabOptions options = LabOptions.defaults().inNetns().withRate(0).withDuration(Duration.ofSeconds(90)).withPorts(200);
        try (Lab lab = Lab.start("port-exhaustion", options)) {
            String ns = lab.netns();
            long tw = TestNetns.exec("ip", "netns", "exec", ns, "ss", "-Htan", "state", "time-wait").lines().count();
            assertThat(tw).isGreaterThan(150);
            JsonNode doc = json("tune", "-N", ns, "-o", "json");
            JsonNode reuse = change(doc, "net.ipv4.tcp_tw_reuse");
            assertThat(reuse).as(doc.toPrettyString()).isNotNull();
            assertThat(reuse.get("current").asText()).isEqualTo("0");
            assertThat(reuse.get("recommended").asText()).isEqualTo("1");
            assertThat(reuse.get("finding").asText()).isEqualTo("time-wait-port-exhaustion");
            JsonNode ev = reuse.get("evidence");
            assertThat(ev.get("destination").asText()).isEqualTo("127.0.0.1 -> 127.0.0.1:8080");
            assertThat(ev.get("time_wait").asLong()).isBetween(tw - 5, tw + 5);
            assertThat(ev.get("usable_ports").asLong()).isEqualTo(200);
            assertThat(ev.get("close_rate_measured").asBoolean()).isFalse();
            JsonNode range = change(doc, "net.ipv4.ip_local_port_range");
            assertThat(range.get("current").asText()).isEqualTo("40000 40199");
            assertThat(range.get("recommended").asText()).isEqualTo("32768 60999");
            assertThat(doc.get("nothing_to_fix").asBoolean()).isFalse();

            // The text names the fact each change answers.
            Cli.Result text = Cli.run("tune", "-N", ns, "--lang", "en");
            assertThat(text.out().replaceAll("\\s+", " ")).contains("net.ipv4.tcp_tw_reuse: 0 -> 1")
                    .contains("Answers time-wait-port-exhaustion: destination=127.0.0.1 -> 127.0.0.1:8080");
            FactsGuard.check(text.out());
            Cli.Result zh = Cli.run("tune", "-N", ns, "--lang", "zh");
            assertThat(zh.out()).contains("针对 time-wait-port-exhaustion").doesNotContain("!tune");

            // A capture of the same namespace with its sysctl -a dump gives the same advice.
            Path ss = tmp.resolve("ss-tan.txt");
            Files.writeString(ss, TestNetns.exec("ip", "netns", "exec", ns, "ss", "-tan"));
            Path dump = tmp.resolve("sysctl-a.txt");
            Files.writeString(dump, TestNetns.exec("sh", "-c", "ip netns exec " + ns + " sysctl -a 2>/dev/null || true"));
            JsonNode cap = json("tune", "-i", ss.toString(), "--sysctl", dump.toString(), "-o", "json");
            assertThat(change(cap, "net.ipv4.tcp_tw_reuse").get("evidence").get("destination").asText())
                    .isEqualTo("127.0.0.1 -> 127.0.0.1:8080");
            assertThat(change(cap, "net.ipv4.ip_local_port_range").get("recommended").asText()).isEqualTo("32768 60999");

            // --write for a namespace says how to load it there, and the hint works with the real sysctl tool.
            String hostReuse = hostSysctl("net.ipv4.tcp_tw_reuse");
            String hostRange = hostSysctl("net.ipv4.ip_local_port_range");
            Path file = tmp.resolve("90-tcpdoctor.conf");
            Cli.Result w = Cli.run("tune", "-N", ns, "--write", file.toString(), "--lang", "en");
            assertThat(w.code()).as(w.err()).isZero();
            String hint = "ip netns exec " + ns + " sysctl -p " + file;
            assertThat(w.out().replaceAll("\\s+", " ")).contains("Load it into the namespace with: " + hint);
            assertThat(Files.readString(file)).contains("# Load with: ip netns exec " + ns + " sysctl -p THIS_FILE")
                    .contains("# answers time-wait-port-exhaustion: destination=127.0.0.1 -> 127.0.0.1:8080");
            TestNetns.exec(hint.split(" "));
            assertThat(nsSysctl(ns, "net.ipv4.tcp_tw_reuse")).isEqualTo("1");
            assertThat(nsSysctl(ns, "net.ipv4.ip_local_port_range")).isEqualTo("32768 60999");
            assertThat(hostSysctl("net.ipv4.tcp_tw_reuse")).isEqualTo(hostReuse);
            assertThat(hostSysctl("net.ipv4.ip_local_port_range")).isEqualTo(hostRange);

            // tcp_tw_reuse=2 already covers a loopback destination: not proposed, and said why.
            TestNetns.exec("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv4.tcp_tw_reuse=2",
                    "net.ipv4.ip_local_port_range=40000 40199");
            JsonNode two = json("tune", "-N", ns, "-o", "json");
            assertThat(change(two, "net.ipv4.tcp_tw_reuse")).isNull();
            assertThat(skipped(two, "net.ipv4.tcp_tw_reuse").get("reason").asText()).contains("already in effect")
                    .contains("loopback");
            assertThat(change(two, "net.ipv4.ip_local_port_range")).isNotNull();
        }
    }

    @Test
    void noReuseWithoutOutgoingTimeWaitPressure() throws Exception {
        // A server closing first: 600 TIME_WAIT on its own listening port, no outgoing connection left.
        LabOptions server = LabOptions.defaults().inNetns().withCount(600).withDuration(Duration.ofSeconds(90));
        try (Lab lab = Lab.start("server-time-wait", server)) {
            TestNetns.settleCloses(lab.netns());
            JsonNode doc = json("tune", "-N", lab.netns(), "-o", "json");
            assertThat(doc.get("role").asText()).isEqualTo("server");
            assertThat(change(doc, "net.ipv4.tcp_tw_reuse")).isNull();
            assertThat(skipped(doc, "net.ipv4.tcp_tw_reuse").get("reason").asText())
                    .contains("only helps outgoing connections (connect())").contains("this host opens none");
            // Saying "client" does not make reuse help: there is still no outgoing connection.
            JsonNode given = json("tune", "-N", lab.netns(), "--role", "client", "-o", "json");
            assertThat(change(given, "net.ipv4.tcp_tw_reuse")).isNull();
            assertThat(skipped(given, "net.ipv4.tcp_tw_reuse").get("reason").asText()).contains("none were seen");
        }
        // A client closing first on loopback, with tcp_tw_reuse=0 and the default range: 600 TIME_WAIT of 28,232 ports.
        LabOptions client = LabOptions.defaults().inNetns().withCount(600).withDuration(Duration.ofSeconds(90));
        try (Lab lab = Lab.start("time-wait", client)) {
            TestNetns.exec("ip", "netns", "exec", lab.netns(), "sysctl", "-q", "-w", "net.ipv4.tcp_tw_reuse=0");
            // The lab closes its 600 connections within a second; read at once, their TIME_WAIT ages show a ramp of
            // some 500 closes/s, whose steady state would not fit the range, and reuse would rightly be proposed.
            // Ten seconds later the ages show the burst is over (60/s at most): no pressure.
            Thread.sleep(10_000);
            JsonNode doc = json("tune", "-N", lab.netns(), "--role", "client", "-o", "json");
            assertThat(change(doc, "net.ipv4.tcp_tw_reuse")).as(doc.toPrettyString()).isNull();
            assertThat(change(doc, "net.ipv4.ip_local_port_range")).isNull();
            assertThat(skipped(doc, "net.ipv4.tcp_tw_reuse").get("reason").asText()).contains("no outgoing TIME_WAIT pressure")
                    .contains("127.0.0.1 -> 127.0.0.1:8080").contains("of 28232 usable");
        }
    }

    @Test
    void twBucketsAreSizedFromTheMeasuredCloseRate() throws Exception {
        // A client closing 200 connections a second while tcp_max_tw_buckets is 300: the table is full and most closes
        // skip TIME_WAIT (TCPTimeWaitOverflow). Doubling the limit would still overflow; the proposal must cover the rate.
        LabOptions options = LabOptions.defaults().inNetns().withCount(8000).withRate(200).withDuration(Duration.ofSeconds(60));
        try (Lab lab = Lab.startInBackground("time-wait", options)) {
            String ns = lab.netns();
            TestNetns.exec("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv4.tcp_max_tw_buckets=300",
                    "net.ipv4.tcp_tw_reuse=0");
            Thread.sleep(3000);
            long opens0 = activeOpens(ns);
            long t0 = System.nanoTime();
            JsonNode doc = json("tune", "-N", ns, "--sample", "3s", "-o", "json");
            double real = (activeOpens(ns) - opens0) / ((System.nanoTime() - t0) / 1e9);
            JsonNode c = change(doc, "net.ipv4.tcp_max_tw_buckets");
            assertThat(c).as(doc.toPrettyString()).isNotNull();
            assertThat(c.get("current").asText()).isEqualTo("300");
            assertThat(c.get("finding").asText()).isEqualTo("time-wait-bucket-overflow");
            JsonNode ev = c.get("evidence");
            assertThat(ev.get("close_rate_measured").asBoolean()).isTrue();
            assertThat(ev.get("tw_overflow_delta").asLong()).isPositive();
            double measured = ev.get("close_rate_per_s").asDouble();
            assertThat(measured).as("measured vs ActiveOpens %.1f/s", real).isBetween(real * 0.6, real * 1.4);
            long proposed = Long.parseLong(c.get("recommended").asText());
            // x 60 s x 2, rounded up to two significant digits; it covers the real rate, unlike 300 x 2.
            assertThat(proposed).isGreaterThanOrEqualTo(Math.round(measured * 60 * 2) - 1);
            assertThat(proposed).isGreaterThan(Math.round(real * 60));
            assertThat(proposed).isGreaterThan(600);
            assertThat(c.get("reason").asText()).contains("measured over").contains("TCPTimeWaitOverflow");
            assertThat(doc.get("sample_seconds").asDouble()).isGreaterThanOrEqualTo(3.0);

            // Without a sample the full table caps the TIME_WAIT count: no number from it (it would still overflow).
            JsonNode est = json("tune", "-N", ns, "-o", "json");
            assertThat(change(est, "net.ipv4.tcp_max_tw_buckets")).isNull();
            assertThat(skipped(est, "net.ipv4.tcp_max_tw_buckets").get("reason").asText()).contains("the table is full")
                    .contains("tcpdoctor tune --sample");
            lab.close();
            lab.awaitBuilt();
        }
    }

    @Test
    void somaxconnIsRaisedOnlyBelow4096AndOnlyForACappedListenerThatOverflowed() throws Exception {
        // A listener with backlog 4 that never accepts, and clients that keep connecting: its queue overflows.
        LabOptions options = LabOptions.defaults().inNetns().withBacklog(4).withCount(100).withRate(50)
                .withDuration(Duration.ofSeconds(60));
        try (Lab lab = Lab.start("accept-overflow", options)) {
            String ns = lab.netns();
            assertThat(nsSysctl(ns, "net.core.somaxconn")).isEqualTo("4096");
            JsonNode doc = json("tune", "-N", ns, "--role", "server", "--sample", "1s", "-o", "json", "--lang", "en");
            assertThat(change(doc, "net.core.somaxconn")).as(doc.toPrettyString()).isNull();
            assertThat(doc.get("notes").toString()).contains("although somaxconn is already 4096");
            // With somaxconn below 4096 but a listener that asked for 4 itself, raising somaxconn changes nothing.
            TestNetns.exec("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.core.somaxconn=128");
            JsonNode small = json("tune", "-N", ns, "--role", "server", "-o", "json", "--lang", "en");
            assertThat(change(small, "net.core.somaxconn")).isNull();
            assertThat(skipped(small, "net.core.somaxconn").get("reason").asText()).contains("backlog of at most 4");
        }
        // somaxconn 16 caps a listener that asked for 1024; 40 connections that are never accepted overflow it.
        try (TestNetns ns = TestNetns.create("td-tune")) {
            ns.setSysctl("net.core.somaxconn", "16");
            List<AutoCloseable> open = new ArrayList<>();
            try (Netns _ = Netns.enter(ns.name())) {
                ServerSocketChannel l = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 8080), 1024);
                open.add(l);
                for (int i = 0; i < 40; i++) {
                    SocketChannel c = SocketChannel.open();
                    c.configureBlocking(false);
                    c.connect(new InetSocketAddress("127.0.0.1", 8080));
                    open.add(c);
                }
            }
            try {
                Thread.sleep(300);
                JsonNode doc = json("tune", "-N", ns.name(), "-o", "json", "--lang", "en");
                JsonNode c = change(doc, "net.core.somaxconn");
                assertThat(c).as(doc.toPrettyString()).isNotNull();
                assertThat(c.get("current").asText()).isEqualTo("16");
                assertThat(c.get("recommended").asText()).isEqualTo("4096");
                assertThat(c.get("finding").asText()).isEqualTo("accept-queue-overflow");
                assertThat(c.get("evidence").get("send_q").asLong()).isEqualTo(16);
                assertThat(c.get("evidence").get("listen_overflows").asLong()).isPositive();
                // Already there: nothing proposed.
                ns.setSysctl("net.core.somaxconn", "4096");
                assertThat(change(json("tune", "-N", ns.name(), "-o", "json"), "net.core.somaxconn")).isNull();
            } finally {
                for (AutoCloseable c : open) {
                    c.close();
                }
            }
        }
    }

    @Test
    void aQuietNamespaceHasNothingToFixAndSaysSo() throws Exception {
        try (TestNetns ns = TestNetns.create("td-tune")) {
            Cli.Result r = Cli.run("tune", "-N", ns.name(), "--role", "server", "--lang", "en");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("Nothing to fix").doesNotContain(" -> ");
            JsonNode doc = json("tune", "-N", ns.name(), "--role", "server", "-o", "json");
            assertThat(doc.get("nothing_to_fix").asBoolean()).isTrue();
            assertThat(doc.get("changes")).isEmpty();
            Cli.Result zh = Cli.run("tune", "-N", ns.name(), "--role", "server", "--lang", "zh");
            assertThat(zh.out()).contains("没有需要修复的问题");
        }
    }

    /** Tcp.ActiveOpens inside a namespace, read from its /proc/net/snmp by a process started there. */
    static long activeOpens(String ns) {
        return KernelCounters.parse(TestNetns.exec("ip", "netns", "exec", ns, "cat", "/proc/net/snmp"))
                .get("Tcp.ActiveOpens");
    }
}
