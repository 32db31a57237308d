package io.tcpdoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpdoctor.testing.Cli;
import io.tcpdoctor.testing.PortChurn;
import io.tcpdoctor.testing.TestNetns;
import org.junit.jupiter.api.Test;

/**
 * A fast ramp: a client starts closing 300 connections a second to one loopback destination in a namespace with
 * 6000 ports and tcp_tw_reuse=0, so the range runs out about 20 s in. A sampled run predicts that; an unsampled
 * run seconds later, when only about a thousand TIME_WAIT exist (Little's law: 18/s, "does not run out"), must
 * not say OK: it reads the rate from the TIME_WAIT ages.
 */
class RampNetnsTest {
    static final int PORT = 8091;

    @Test
    void unsampledRunsDuringARampDoNotSayOk() throws Exception {
        assertTrue(TestNetns.available(), "needs root for network namespaces");
        try (TestNetns ns = TestNetns.create("td-ramp")) {
            ns.setSysctls("net.ipv4.ip_local_port_range=40000 45999", "net.ipv4.tcp_tw_reuse=0");
            // Warm this JVM's diagnose path first, so a cold start does not stall the ramp during the sample.
            assertThat(Cli.run("diagnose", "-N", ns.name(), "--sample", "100ms", "--format", "json").code()).isZero();
            // Bounded: 300 connections a second for at most 40 s; it stops by itself when the ports run out.
            Process churn = ns.startJava(PortChurn.class, "127.0.0.1", Integer.toString(PORT), "300", "40");
            TestNetns.awaitReady(churn, 60_000);
            Thread.sleep(2000);

            Cli.Result sampled = Cli.run("diagnose", "-N", ns.name(), "--sample", "1s", "--format", "json");
            assertThat(sampled.code()).as(sampled.err()).isZero();
            JsonNode sf = Reports.single(Reports.parse(sampled.out()), "time-wait-port-exhaustion");
            assertThat(sf.get("severity").asText()).as(sf.toPrettyString()).isIn("warning", "critical");
            assertThat(sf.get("evidence").has("seconds_to_exhaustion")).as(sf.toPrettyString()).isTrue();
            assertThat(sf.get("evidence").get("close_rate_source").asText()).isEqualTo("kernel-counters");
            double predicted = sf.get("evidence").get("seconds_to_exhaustion").asDouble();
            assertThat(predicted).isBetween(5.0, 30.0);

            // Seconds later, no sample: check and diagnose still see the ramp.
            Cli.Result check = Cli.run("check", "-N", ns.name());
            assertThat(check.code()).as(check.out()).isIn(1, 2);
            assertThat(check.out()).startsWith("TCPDOCTOR ").doesNotStartWith("TCPDOCTOR OK")
                    .contains("time-wait-port-exhaustion");
            Cli.Result json = Cli.run("diagnose", "-N", ns.name(), "--format", "json");
            JsonNode f = Reports.single(Reports.parse(json.out()), "time-wait-port-exhaustion");
            JsonNode ev = f.get("evidence");
            assertThat(ev.get("close_rate_source").asText()).isEqualTo("time-wait-ages");
            assertThat(ev.get("close_rate_per_s").asDouble()).isBetween(150.0, 400.0);
            // Little's law on the same count (TIME_WAIT / 60 s x 60 s = the count) would fit the range: "does not run out".
            assertThat(ev.get("time_wait").asLong()).isLessThan(ev.get("usable_ports").asLong());
            assertThat(ev.get("steady_state_ports").asLong()).isGreaterThan(ev.get("usable_ports").asLong());
            assertThat(ev.get("seconds_to_exhaustion").asDouble()).isPositive().isLessThan(predicted + 3);
            assertThat(ev.get("time_wait").asLong()).isLessThanOrEqualTo(ev.get("usable_ports").asLong());
            Cli.Result text = Cli.run("diagnose", "-N", ns.name());
            assertThat(text.out()).contains("time-wait-port-exhaustion").contains("TIME_WAIT ages")
                    .doesNotContain("does not run out");
        }
    }
}
