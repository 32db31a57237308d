package io.tcpdoctor.diagnose;

import io.tcpdoctor.testing.TestNetns;
import io.tcpdoctor.testing.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A child process with a 240 open-files limit that leaks 200 CLOSE_WAIT sockets inside a namespace. */
class CloseWaitLeakTest {
    static final int LIMIT = 240;
    static final int LEAKED = 200;

    @Test
    void namesTheChildItsCountAndItsFdHeadroom() throws Exception {
        try (TestNetns ns = TestNetns.create("td-diag")) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cp = Path.of(CloseWaitLeaker.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            Process child = new ProcessBuilder("ip", "netns", "exec", ns.name(), "sh", "-c",
                    "ulimit -n " + LIMIT + " && exec \"$0\" -Xmx64m -XX:+UseSerialGC -cp \"$1\" " + CloseWaitLeaker.class.getName() + " 9000 " + LEAKED,
                    java, cp).redirectErrorStream(true).start();
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                String line = CompletableFuture.supplyAsync(() -> {
                    try {
                        return in.readLine();
                    } catch (java.io.IOException e) {
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
                assertThat(line).startsWith("READY ");
                long pid = Long.parseLong(line.split(" ")[1]);
                // The peer (client side) is closed at once; give the kernel a moment to deliver every FIN.
                Thread.sleep(200);

                Cli.Result run = Cli.run("diagnose", "-N", ns.name(), "--format", "json");
                assertThat(run.code()).as(run.err()).isZero();
                JsonNode doc = Reports.parse(run.out());
                JsonNode f = Reports.single(doc, "close-wait-leak");
                assertThat(f.get("process").get("pid").asLong()).isEqualTo(pid);
                assertThat(f.get("process").get("name").asText()).isEqualTo("java");
                assertThat(f.get("process").get("inferred").asBoolean()).isFalse();
                assertThat(f.get("local").asText()).isEqualTo("*:9000");
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
                Cli.Result sampled = Cli.run("diagnose", "-N", ns.name(), "--sample", "300ms", "--format", "json");
                JsonNode s = Reports.single(Reports.parse(sampled.out()), "close-wait-leak");
                assertThat(s.get("evidence").get("growth").asLong()).isZero();
                assertThat(s.get("evidence").get("growth_per_s").asDouble()).isZero();
                assertThat(Reports.parse(sampled.out()).get("sample_seconds").asDouble()).isGreaterThanOrEqualTo(0.3);

                Cli.Result zh = Cli.run("diagnose", "-N", ns.name(), "--lang", "zh");
                assertThat(zh.out()).contains("java/" + pid + " 持有 " + LEAKED + " 个 CLOSE_WAIT").doesNotContainPattern("![a-z][\\w.-]*!");

                Cli.Result check = Cli.run("check", "-N", ns.name(), "--format", "text");
                assertThat(check.code()).isEqualTo(2);
                assertThat(check.out()).startsWith("TCPDOCTOR CRITICAL - close-wait-leak: " + LEAKED + " CLOSE_WAIT sockets held by java/" + pid)
                        .contains("close_wait=" + LEAKED);
            } finally {
                child.getOutputStream().close();
                child.destroy();
                if (!child.waitFor(10, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            }
        }
    }
}
