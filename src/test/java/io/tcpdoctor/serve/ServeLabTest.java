package io.tcpdoctor.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.lab.Lab;
import io.tcpdoctor.lab.LabNamespaces;
import io.tcpdoctor.lab.LabOptions;
import io.tcpdoctor.testing.PrometheusServer;
import io.tcpdoctor.testing.ServeProcess;
import io.tcpdoctor.testing.TestNetns;
import io.tcpdoctor.testing.Wait;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code serve} watching two lab namespaces at once, scraped by a real Prometheus: the {@code close-wait} leak,
 * whose CLOSE_WAIT count and finding the queries must show, and its fixed variant (the server closes), which
 * must show neither. The expected count comes from {@code ss} inside the namespace.
 */
class ServeLabTest {
    static final int LEAKED = 30;
    static final LabOptions BASE = LabOptions.defaults().inNetns().withRate(0).withDuration(Duration.ofSeconds(120));

    @Test
    void prometheusSeesTheLeakAndNotTheFix() throws Exception {
        List<String> made = new ArrayList<>();
        try (Lab leak = Lab.start("close-wait", BASE.withCount(LEAKED));
             Lab fixed = Lab.start("close-wait", BASE.withCount(LEAKED).withFix("close"))) {
            made.add(leak.netns());
            made.add(fixed.netns());
            assertThat(leak.netns()).isNotEqualTo(fixed.netns());
            long ss = TestNetns.exec("ip", "netns", "exec", leak.netns(), "ss", "-Htan", "state", "close-wait").lines().count();
            assertThat(ss).isEqualTo(LEAKED);
            try (ServeProcess serve = ServeProcess.start("-N", leak.netns(), "-N", fixed.netns(), "--interval", "1s",
                    "--owner-interval", "1s");
                 PrometheusServer prom = PrometheusServer.start(serve.hostPort())) {
                String sel = "netns=\"" + leak.netns() + "\"";
                String fix = "netns=\"" + fixed.netns() + "\"";
                boolean seen = Wait.until(() -> value(prom, "sum(tcpdoctor_sockets{" + sel + ",state=\"CLOSE_WAIT\"})") == LEAKED
                        && value(prom, "count(tcpdoctor_sockets{" + fix + "})") > 0
                        && value(prom, "tcpdoctor_finding{" + sel + ",id=\"close-wait-leak\",severity=~\"warning|critical\"}") == 1, 60_000);
                assertThat(seen).as("Prometheus target: %s; serve: %s", prom.targetHealth(), serve.stderr()).isTrue();
                // The leaking server is this JVM, listening on the lab's port inside its namespace.
                assertThat(prom.value("sum(tcpdoctor_sockets_by_process{" + sel + ",process=\"java\",state=\"CLOSE_WAIT\"})"))
                        .isEqualTo(LEAKED);
                assertThat(prom.value("tcpdoctor_sockets_by_local_port{" + sel + ",local_port=\"" + leak.port()
                        + "\",state=\"CLOSE_WAIT\"}")).isEqualTo(LEAKED);
                assertThat(prom.value("tcpdoctor_findings_active{" + sel + "}")).isGreaterThanOrEqualTo(1);
                // The fixed variant: the same connections, no CLOSE_WAIT and no finding.
                assertThat(prom.value("sum(tcpdoctor_sockets{" + fix + ",state=\"CLOSE_WAIT\"}) or vector(0)")).isZero();
                assertThat(prom.query("tcpdoctor_finding{" + fix + ",id=\"close-wait-leak\"}")).isEmpty();
                assertThat(TestNetns.exec("ip", "netns", "exec", fixed.netns(), "ss", "-Htan", "state", "close-wait")).isBlank();
            }
        }
        assertThat(LabNamespaces.existing()).as("lab namespaces left").doesNotContainAnyElementsOf(made);
    }

    private static double value(PrometheusServer prom, String promql) {
        try {
            return prom.value(promql);
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
