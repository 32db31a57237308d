package io.tcpdoctor.cli;

import io.tcpdoctor.testing.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.collect.Netns;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.SnapshotProvider;
import io.tcpdoctor.model.SocketFilter;
import io.tcpdoctor.testing.TestNetns;
import io.tcpdoctor.i18n.TextWrap;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityCommandTest {
    static Cli.Result run(String... a) {
        return TuneCommandTest.run(a);
    }

    @Test
    void textShowsLittlesLawAndThePortLimit() {
        Cli.Result r = run("capacity", "--close-rate", "1000", "--lang", "en");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("TIME_WAIT sockets").contains("60,000").contains("60,000 / 28,232")
                .contains("212.5 %").contains("470.5").contains("28.2 s after the load")
                .contains("EADDRNOTAVAIL").contains("tcp_tw_reuse=1 (outgoing)").contains("port limit 28,232");
        for (String l : r.out().split("\n")) {
            assertThat(TextWrap.width(l)).as(l).isLessThanOrEqualTo(80);
        }
        Cli.Result zh = run("capacity", "--close-rate", "1000", "--lang", "zh");
        assertThat(zh.out()).doesNotContainPattern("![a-z_.]+!").contains("端口会耗尽");
        for (String l : zh.out().split("\n")) {
            assertThat(TextWrap.width(l)).as(l).isLessThanOrEqualTo(80);
        }
        Cli.Result fits = run("capacity", "--close-rate", "1000", "--destinations", "4", "--lang", "en", "--no-chart");
        assertThat(fits.out()).contains("Ports do not run out").contains("53.1 %").doesNotContain("port limit");
    }

    @Test
    void jsonAndCsv() throws Exception {
        Cli.Result r = run("capacity", "--close-rate", "300", "--time-wait-length", "120", "--port-range", "49152-65535", "-o", "json");
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("inputs").get("ports").asInt()).isEqualTo(16384);
        JsonNode now = doc.get("scenarios").get(0);
        // 300/s x 120 s = 36,000 wanted, but one destination holds at most its 16,384 ports.
        assertThat(now.get("time_wait").asDouble()).isEqualTo(16384.0);
        assertThat(doc.get("inputs").get("close_rate_source").asText()).isEqualTo("given");
        assertThat(now.get("seconds_to_exhaustion").asDouble()).isCloseTo(16384 / 300.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(doc.get("series").size()).isEqualTo(31);
        Cli.Result csv = run("capacity", "--close-rate", "10", "-o", "csv");
        assertThat(csv.out().lines().findFirst().orElseThrow()).startsWith("scenario,label,time_wait");
        assertThat(csv.out()).contains("now,now,600,600,2.1,470.5");
    }

    @Test
    void usageErrors() {
        assertThat(run("capacity").code()).isEqualTo(2);
        assertThat(run("capacity", "--close-rate", "10", "--port-range", "abc").code()).isEqualTo(2);
        assertThat(run("capacity", "--close-rate", "10", "--reuse-factor", "0").code()).isEqualTo(2);
        assertThat(run("capacity", "--close-rate", "10", "--tw-reuse", "maybe").code()).isEqualTo(2);
        assertThat(run("capacity", "--close-rate", "10", "--time-wait", "0").code()).isEqualTo(2);
        assertThat(run("capacity", "--from-host", "--sample", "11m").code()).isEqualTo(2);
        assertThat(run("capacity", "--close-rate", "10", "--sample", "5s").code()).isEqualTo(2);
        Cli.Result renamed = run("capacity", "--close-rate", "10", "--time-wait", "120");
        assertThat(renamed.code()).isEqualTo(2);
        assertThat(renamed.err()).contains("--time-wait-length");
    }

    @Test
    void sampleMeasuresTheRateFromKernelCounters() throws Exception {
        try (TestNetns ns = TestNetns.create("td-advice")) {
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
            Thread load = new Thread(() -> {
                try (Netns _ = Netns.enter(ns.name()); ServerSocketChannel l = ServerSocketChannel.open()) {
                    l.bind(new InetSocketAddress("127.0.0.1", 0), 64);
                    // Bounded: at most 3000 connections, and only until the sample is over.
                    for (int i = 0; i < 3000 && !stop.get(); i++) {
                        SocketChannel c = SocketChannel.open(l.getLocalAddress());
                        try (SocketChannel s = l.accept()) {
                            opened.incrementAndGet();
                            // The client closes first: its ephemeral port goes to TIME_WAIT, a close capacity counts.
                            c.close();
                            s.read(ByteBuffer.allocate(1));
                        }
                        Thread.sleep(2);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            load.start();
            try {
                Cli.Result r = run("capacity", "--from-host", "-N", ns.name(), "--sample", "1", "-o", "json");
                assertThat(r.code()).as(r.err()).isZero();
                JsonNode doc = new ObjectMapper().readTree(r.out());
                assertThat(doc.get("measured").toString()).contains("measured over");
                assertThat(doc.get("inputs").get("close_rate_source").asText()).isEqualTo("kernel-counters");
                // Outgoing connections were closed during the sample, so the measured rate is positive.
                assertThat(doc.get("inputs").get("close_rate").asDouble()).isPositive();
            } finally {
                stop.set(true);
                load.join(10_000);
            }
            assertThat(opened.get()).isPositive();
        }
    }

    @Test
    void fromHostMeasuresOutgoingTimeWaitInANamespace() throws Exception {
        int n = 30;
        try (TestNetns ns = TestNetns.create("td-advice")) {
            List<SocketChannel> open = new ArrayList<>();
            try (Netns _ = Netns.enter(ns.name()); ServerSocketChannel l = ServerSocketChannel.open()) {
                l.bind(new InetSocketAddress("127.0.0.1", 0), 64);
                for (int i = 0; i < n; i++) {
                    SocketChannel c = SocketChannel.open(l.getLocalAddress());
                    SocketChannel s = l.accept();
                    // The client closes first, so its side (ephemeral port -> listener) gets TIME_WAIT.
                    c.close();
                    s.read(ByteBuffer.allocate(1));
                    s.close();
                }
            }
            LiveSnapshots live = new LiveSnapshots(LiveSnapshots.Kind.AUTO, ns.name());
            long tw = 0;
            for (int i = 0; i < 100 && tw < n; i++) {
                tw = live.take(SocketFilter.all(), SnapshotProvider.Needs.COUNTS).counts().get(TcpState.TIME_WAIT);
                if (tw < n) {
                    Thread.sleep(20);
                }
            }
            assertThat(tw).isEqualTo(n);
            Cli.Result r = run("capacity", "--from-host", "-N", ns.name(), "-o", "json");
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode doc = new ObjectMapper().readTree(r.out());
            assertThat(doc.get("inputs").get("destinations").asInt()).isEqualTo(1);
            // Too few TIME_WAIT for a short age window: the ages over the whole 60 s give count / 60 s.
            assertThat(doc.get("inputs").get("close_rate").asDouble()).isEqualTo(n / 60.0);
            assertThat(doc.get("inputs").get("close_rate_source").asText()).isEqualTo("time-wait-ages");
            // tcp_tw_reuse defaults to 2 (loopback only): these loopback destinations count as reuse on.
            assertThat(doc.get("inputs").get("tw_reuse").asBoolean()).isTrue();
            assertThat(doc.get("measured").toString()).contains(n + " TIME_WAIT sockets in the last 60");
            assertThat(doc.get("scenarios").get(0).get("time_wait").asDouble()).isCloseTo(n, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(open).isEmpty();
        }
    }
}
