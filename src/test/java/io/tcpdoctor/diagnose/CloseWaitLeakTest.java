package io.tcpdoctor.diagnose;

import io.tcpdoctor.testing.TestNetns;
import io.tcpdoctor.testing.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpdoctor.lab.Lab;
import io.tcpdoctor.lab.LabOptions;
import io.tcpdoctor.testing.Wait;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The lab's {@code close-wait --fd-limit} scenario: a child process with a 240 open-files limit leaks 200
 * CLOSE_WAIT sockets inside a namespace of the lab's own.
 */
class CloseWaitLeakTest {
    static final int LIMIT = 240;
    static final int LEAKED = 200;

    @Test
    void namesTheChildItsCountAndItsFdHeadroom() throws Exception {
        LabOptions options = LabOptions.defaults().inNetns().withRate(0).withDuration(Duration.ofSeconds(90))
                .withCount(LEAKED).withFdLimit(LIMIT);
        try (Lab lab = Lab.start("close-wait", options)) {
            long pid = lab.serverPid();
            assertThat(pid).as("the leaking server is a child process").isNotEqualTo(ProcessHandle.current().pid());
            assertThat(String.join("\n", lab.events())).doesNotContain("Too many open files")
                    .contains("accepted " + LEAKED + " and never closed them");
            // The kernel delivers the clients' FINs asynchronously: wait until the child owns every CLOSE_WAIT.
            boolean owned = Wait.until(() -> TestNetns.exec("ip", "netns", "exec", lab.netns(), "ss", "-Htanp", "state", "close-wait")
                    .lines().filter(l -> l.contains("pid=" + pid + ",")).count() == LEAKED, 10_000);
            assertThat(owned).as("the child owns " + LEAKED + " CLOSE_WAIT sockets").isTrue();

            Cli.Result run = Cli.run("diagnose", "-N", lab.netns(), "--format", "json");
            assertThat(run.code()).as(run.err()).isZero();
            JsonNode doc = Reports.parse(run.out());
            JsonNode f = Reports.single(doc, "close-wait-leak");
            assertThat(f.get("process").get("pid").asLong()).isEqualTo(pid);
            assertThat(f.get("process").get("name").asText()).isEqualTo("java");
            assertThat(f.get("process").get("inferred").asBoolean()).isFalse();
            assertThat(f.get("local").asText()).isEqualTo("*:" + lab.port());
            assertThat(f.get("peer").asText()).isEqualTo("127.0.0.1");
            JsonNode ev = f.get("evidence");
            assertThat(ev.get("pid").asLong()).isEqualTo(pid);
            assertThat(ev.get("close_wait").asLong()).isEqualTo(LEAKED);
            assertThat(ev.get("max_open_files").asLong()).isEqualTo(LIMIT);
            long fds = ev.get("open_fds").asLong();
            assertThat(fds).isBetween((long) LEAKED + 1, (long) LIMIT);
            assertThat(ev.get("fd_headroom").asLong()).isEqualTo(LIMIT - fds);
            assertThat(ev.get("fd_usage_pct").asDouble()).isEqualTo(Math.round(1000.0 * fds / LIMIT) / 10.0);
            assertThat(ev.get("oldest_idle_s").asDouble()).isGreaterThanOrEqualTo(0.0);
            // Over 80 % of the limit is used by the leak: critical.
            assertThat(f.get("severity").asText()).isEqualTo("critical");
            assertThat(f.get("actions").toString()).contains("jcmd " + pid + " Thread.print").contains("try (Socket");
            assertThat(f.get("explanation").asText()).contains("no timeout").contains(Long.toString(LIMIT - fds));
            // fd-limit names the same process from its limits alone.
            JsonNode fd = Reports.single(doc, "fd-limit");
            assertThat(fd.get("process").get("pid").asLong()).isEqualTo(pid);

            // Sampling: the leak is steady, so growth is zero; ids and pid stay the same.
            Cli.Result sampled = Cli.run("diagnose", "-N", lab.netns(), "--sample", "300ms", "--format", "json");
            JsonNode s = Reports.single(Reports.parse(sampled.out()), "close-wait-leak");
            assertThat(s.get("evidence").get("growth").asLong()).isZero();
            assertThat(s.get("evidence").get("growth_per_s").asDouble()).isZero();
            assertThat(Reports.parse(sampled.out()).get("sample_seconds").asDouble()).isGreaterThanOrEqualTo(0.3);

            Cli.Result zh = Cli.run("diagnose", "-N", lab.netns(), "--lang", "zh");
            assertThat(zh.out()).contains("java/" + pid + " 持有 " + LEAKED + " 个 CLOSE_WAIT").doesNotContainPattern("![a-z][\\w.-]*!");

            Cli.Result check = Cli.run("check", "-N", lab.netns(), "--format", "text");
            assertThat(check.code()).isEqualTo(2);
            assertThat(check.out()).startsWith("TCPDOCTOR CRITICAL - close-wait-leak: " + LEAKED + " CLOSE_WAIT sockets held by java/" + pid)
                    .contains("close_wait=" + LEAKED);
        }
    }
}
