package io.tcpdoctor.diagnose;

import io.tcpdoctor.testing.TestNetns;
import io.tcpdoctor.testing.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpdoctor.lab.Lab;
import io.tcpdoctor.lab.LabOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The lab's {@code accept-overflow} scenario: a listener with backlog 4 that never accepts, while a client keeps
 * connecting (25 attempts a second for 8 s; the ones left in SYN_SENT retransmit their SYNs for about 20 s more),
 * so the accept queue is full and ListenOverflows grows during the sample.
 */
class AcceptQueueTest {
    static final int BACKLOG = 4;

    @Test
    void namesTheListenerTheQueueAndTheOverflowDelta() throws Exception {
        LabOptions options = LabOptions.defaults().inNetns().withBacklog(BACKLOG).withCount(200).withRate(25)
                .withDuration(Duration.ofSeconds(90));
        try (Lab lab = Lab.start("accept-overflow", options)) {
            assertThat(lab.port()).isEqualTo(8080);
            assertThat(String.join("\n", lab.events())).contains("200 connection attempts to 127.0.0.1:8080 (listen backlog 4)");
            Cli.Result run = Cli.run("diagnose", "-N", lab.netns(), "--sample", "1s", "--format", "json");
            assertThat(run.code()).as(run.err()).isZero();
            JsonNode doc = Reports.parse(run.out());
            JsonNode f = Reports.single(doc, "accept-queue-overflow");
            assertThat(f.get("severity").asText()).isEqualTo("critical");
            assertThat(f.get("local").asText()).isEqualTo("127.0.0.1:" + lab.port());
            assertThat(f.get("process").get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            JsonNode ev = f.get("evidence");
            assertThat(ev.get("listen").asText()).isEqualTo("127.0.0.1:" + lab.port());
            assertThat(ev.get("send_q").asLong()).isEqualTo(BACKLOG);
            // The kernel queues one more than the backlog before it calls the queue full.
            assertThat(ev.get("recv_q").asLong()).isEqualTo(BACKLOG + 1);
            assertThat(ev.get("listen_overflows_delta").asLong()).isPositive();
            assertThat(ev.get("listen_drops_delta").asLong()).isGreaterThanOrEqualTo(ev.get("listen_overflows_delta").asLong());
            assertThat(ev.get("sample_seconds").asDouble()).isGreaterThanOrEqualTo(1.0);
            long somaxconn = Long.parseLong(TestNetns.exec("ip", "netns", "exec", lab.netns(), "sysctl", "-n", "net.core.somaxconn").strip());
            assertThat(ev.get("somaxconn").asLong()).isEqualTo(somaxconn);
            assertThat(f.get("explanation").asText()).contains("ListenOverflows grew by " + ev.get("listen_overflows_delta").asLong());
            assertThat(f.get("actions").toString()).contains("somaxconn").contains("SO_BACKLOG");
            if (somaxconn >= 4096) {
                // Proposing 4096 when it already is 4096 would be advice that changes nothing.
                assertThat(f.get("actions").toString()).doesNotContain("sysctl -w net.core.somaxconn");
            }

            Cli.Result check = Cli.run("check", "-N", lab.netns(), "--sample", "300ms");
            assertThat(check.code()).isEqualTo(2);
            assertThat(check.out()).startsWith("TCPDOCTOR CRITICAL - accept-queue-overflow: accept queue of 127.0.0.1:" + lab.port() + " is full");
        }
    }
}
