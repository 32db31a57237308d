package io.tcpdoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpdoctor.capacity.Measured;
import io.tcpdoctor.diagnose.rules.Rules;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.observe.Delta;
import io.tcpdoctor.observe.Facts;
import io.tcpdoctor.observe.Needs;
import io.tcpdoctor.observe.Observer;
import io.tcpdoctor.observe.Sampler;
import io.tcpdoctor.testing.Cli;
import io.tcpdoctor.testing.PortChurn;
import io.tcpdoctor.testing.TestNetns;
import org.junit.jupiter.api.Test;

/**
 * tcp_tw_reuse=1 and about 1000 closes a second to one loopback destination in a namespace: connect() takes over
 * TIME_WAIT ports after a second, so the TIME_WAIT count stays near the 2000 even ports of the range and
 * "count / 60 s" would say about 33/s. The close rate must follow the real one (Tcp ActiveOpens, read by the test
 * from /proc/net/snmp), the finding must not be CRITICAL nor advise tcp_tw_reuse=1, and diagnose and capacity must
 * give the same rate for the same observation.
 */
class TwReuseRateNetnsTest {
    static final int PORT = 8090;

    @Test
    void closeRateFollowsTheRealRateWhenConnectReusesTimeWaitPorts() throws Exception {
        assertTrue(TestNetns.available(), "needs root for network namespaces");
        try (TestNetns ns = TestNetns.create("td-twreuse")) {
            ns.setSysctls("net.ipv4.ip_local_port_range=40000 43999", "net.ipv4.tcp_tw_reuse=1", "net.ipv4.tcp_timestamps=1");
            // Warm this JVM's diagnose path first, so its start does not take the CPU from the load below.
            assertThat(Cli.run("diagnose", "-N", ns.name(), "--format", "json").code()).isZero();
            // Bounded: 1000 connections a second for at most 30 s, in the namespace only.
            Process churn = ns.startJava(PortChurn.class, "127.0.0.1", Integer.toString(PORT), "1000", "30");
            TestNetns.awaitReady(churn, 60_000);
            Thread.sleep(5000);
            assertThat(churn.isAlive()).as("connect() must keep working with tcp_tw_reuse=1").isTrue();

            // In process, so the real rate (Tcp ActiveOpens, one per connect()) is read right around each
            // observation: the client catches up after a stall, so rates over other windows differ.
            try (Sampler sampler = new Sampler(Observer.live(ns.name(), Needs.FULL))) {
                long a0 = ns.counter("Tcp", "ActiveOpens");
                long t0 = System.nanoTime();
                Thread.sleep(1000);
                long a1 = ns.counter("Tcp", "ActiveOpens");
                long t1 = System.nanoTime();
                Delta one = sampler.next();
                long a2 = ns.counter("Tcp", "ActiveOpens");
                long t2 = System.nanoTime();
                // The age window is the last second before the socket dump, which lies between t1 and t2.
                double before = (a1 - a0) / ((t1 - t0) / 1e9);
                double around = (a2 - a0) / ((t2 - t0) / 1e9);
                assertThat(before).as("the load must be fast enough for reuse to matter").isGreaterThan(300);
                // One observation: the rate comes from TIME_WAIT ages; diagnose and capacity agree on it.
                double ages = sameRate(one, "time-wait-ages");
                long tw = one.now().snapshot().counts().get(io.tcpdoctor.model.TcpState.TIME_WAIT);
                assertThat(ages).as("real %s/s, %s/s", before, around)
                        .isBetween(0.6 * Math.min(before, around), 1.4 * Math.max(before, around));
                // What Little's law says on the same observation: a fraction of it.
                assertThat(tw / 60.0).isLessThan(ages / 4);
                assertThat(tw).isLessThanOrEqualTo(4000);

                Thread.sleep(2000);
                long a3 = ns.counter("Tcp", "ActiveOpens");
                long t3 = System.nanoTime();
                Delta two = sampler.next();
                // Over the sample: from before the first dump to after the second one, and between the dumps' edges.
                double wide = (ns.counter("Tcp", "ActiveOpens") - a1) / ((System.nanoTime() - t1) / 1e9);
                double narrow = (a3 - a2) / ((t3 - t2) / 1e9);
                // A sample: kernel counters (TcpExt TW counts every TIME_WAIT created, reused ports included).
                double counted = sameRate(two, "kernel-counters");
                assertThat(counted).as("real %s/s, %s/s", wide, narrow)
                        .isBetween(0.7 * Math.min(wide, narrow), 1.3 * Math.max(wide, narrow));
                assertThat(two.counterDelta("TcpExt.TWRecycled").orElseThrow()).as("connect() took TIME_WAIT ports over")
                        .isGreaterThan(100);
            }

            Cli.Result run = Cli.run("diagnose", "-N", ns.name(), "--format", "json");
            assertThat(run.code()).as(run.err()).isZero();
            JsonNode f = Reports.single(Reports.parse(run.out()), "time-wait-pressure");
            JsonNode ev = f.get("evidence");
            assertThat(f.get("severity").asText()).isEqualTo("info");
            assertThat(ev.get("close_rate_source").asText()).isEqualTo("time-wait-ages");
            assertThat(ev.get("close_rate_per_s").asDouble()).isGreaterThan(4 * ev.get("time_wait").asLong() / 60.0);
            assertThat(ev.get("tw_reuse_applies").asBoolean()).isTrue();
            assertThat(ev.get("reusable_time_wait").asLong()).isPositive();
            assertThat(f.get("explanation").asText()).contains("tcp_tw_reuse = 1").contains("timestamps").contains("outgoing connect()");
            assertThat(f.get("actions").toString()).doesNotContain("tcp_tw_reuse=1").doesNotContain("tcp_tw_recycle=1");
            Cli.Result sampled = Cli.run("diagnose", "-N", ns.name(), "--sample", "1s", "--format", "json");
            assertThat(sampled.code()).as(sampled.err()).isZero();
            JsonNode sf = Reports.single(Reports.parse(sampled.out()), "time-wait-pressure").get("evidence");
            assertThat(sf.get("close_rate_source").asText()).isEqualTo("kernel-counters");
            assertThat(sf.get("close_rate_per_s").asDouble()).isGreaterThan(300);
            assertThat(Reports.findings(Reports.parse(sampled.out()), "time-wait-port-exhaustion")).isEmpty();

            Cli.Result cap = Cli.run("capacity", "--from-host", "-N", ns.name(), "-o", "json");
            assertThat(cap.code()).as(cap.err()).isZero();
            JsonNode doc = Reports.parse(cap.out());
            assertThat(doc.get("inputs").get("close_rate_source").asText()).isEqualTo("time-wait-ages");
            assertThat(doc.get("inputs").get("close_rate").asDouble()).isGreaterThan(300);
            assertThat(doc.get("inputs").get("tw_reuse").asBoolean()).isTrue();
            assertThat(doc.get("measured").toString()).contains("127.0.0.1:" + PORT).contains("reuse delay");
        }
    }

    /** Runs the rules and capacity's measurement on one delta, checks they agree on the destination's rate, returns it. */
    private static double sameRate(Delta delta, String source) {
        Diagnosis d = Rules.engine(Thresholds.DEFAULTS, Messages.forLang("en")).run(delta);
        Finding f = d.findings().stream().filter(x -> ("127.0.0.1:" + PORT).equals(x.peer())).findFirst().orElseThrow();
        Measured m = Measured.of(delta, new Facts(delta.now().host()));
        assertThat(m.busiest()).endsWith("127.0.0.1:" + PORT);
        assertThat(m.rate().source()).isEqualTo(source);
        assertThat(f.evidence().get("close_rate_source")).isEqualTo(source);
        assertThat(f.evidence().get("close_rate_per_s")).isEqualTo(Math.round(m.closeRate() * 10) / 10.0);
        return m.closeRate();
    }
}
