package io.tcpdoctor.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.collect.KernelVersion;
import io.tcpdoctor.collect.Netns;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.testing.TestNetns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lint's verdict on each line against what the real tools do with the same file inside a namespace: procps
 * {@code sysctl -p} and systemd-sysctl. An error from the lint means one of them reports the line as failed; no error
 * means both apply it. Only per-namespace net.* keys are used, so the host is never touched.
 */
class SysctlRealToolsTest {
    static final Path SYSTEMD_SYSCTL = Path.of("/lib/systemd/systemd-sysctl");

    @TempDir
    Path tmp;

    /** One line of a sysctl file, with the key and value to read back when the tools accept it. */
    record Case(String line, String key, String expectApplied) {
    }

    static final List<Case> CASES = List.of(
            new Case("net.ipv4.tcp_fin_timeout = 30 # inline comment", "net.ipv4.tcp_fin_timeout", "30"),
            new Case("net.ipv4.tcp_keepalive_probes = 7 trailing words", "net.ipv4.tcp_keepalive_probes", "7"),
            new Case("net.ipv4.ip_local_port_range = 2000 3000 # c", "net.ipv4.ip_local_port_range", "2000 3000"),
            new Case("net.ipv4.tcp_keepalive_intvl = 010", "net.ipv4.tcp_keepalive_intvl", "8"),
            new Case("net.ipv4.tcp_fin_timeout = 0x10", "net.ipv4.tcp_fin_timeout", "16"),
            new Case("net.ipv4.tcp_syn_retries = 5 ; semicolon", "net.ipv4.tcp_syn_retries", "5"),
            new Case("net.ipv4.ip_local_port_range = 2000", "net.ipv4.ip_local_port_range", "2000 60999"),
            new Case("net.ipv4.tcp_synack_retries = 4#glued", null, null),
            new Case("net.ipv4.ip_local_port_range = 500 60000", null, null),
            new Case("net.ipv4.ip_local_port_range = 2000 # c", null, null),
            new Case("net.ipv4.ip_local_reserved_ports = 8080 # c", null, null),
            new Case("net.ipv4.tcp_congestion_control = cubic # c", null, null),
            new Case("net.ipv4.tcp_max_tw_buckets =", null, null),
            new Case("net.ipv4.tcp_syn_retries = 200", null, null),
            new Case("net.ipv4.tcp_tw_reuse = 3", null, null),
            new Case("net.ipv4.tcp_keepalive_time = +5", null, null),
            new Case("net.ipv4.tcp_keepalive_time = 5x", null, null),
            new Case("net.ipv4.tcp_fin_timeout 30", null, null));

    record Run(int code, String out) {
    }

    static Run run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", cmd));
        }
        return new Run(p.exitValue(), out);
    }

    private List<LintFinding> lint(TestNetns ns, Path file) throws IOException {
        try (Netns _ = Netns.enter(ns.name())) {
            return new SysctlLint(new Sysctls(), KernelVersion.running(), Messages.forLang("en"))
                    .check(List.of(new SysctlLint.Source(file.toString(), Files.readString(file))));
        }
    }

    @Test
    void lintErrorsAreExactlyTheLinesTheToolsReject() throws Exception {
        assertThat(SYSTEMD_SYSCTL).as("systemd-sysctl (package systemd) is needed").isExecutable();
        List<String> disagreements = new ArrayList<>();
        try (TestNetns ns = TestNetns.create("td-lint")) {
            String defaults = "net.ipv4.tcp_fin_timeout=60 net.ipv4.tcp_keepalive_probes=9 net.ipv4.tcp_keepalive_intvl=75 "
                    + "net.ipv4.tcp_syn_retries=6 net.ipv4.tcp_synack_retries=5 net.ipv4.tcp_keepalive_time=7200";
            int i = 0;
            for (Case c : CASES) {
                ns.setSysctls(defaults.split(" "));
                ns.run("sh", "-c", "echo '32768 60999' > /proc/sys/net/ipv4/ip_local_port_range");
                Path f = tmp.resolve("case" + i++ + ".conf");
                Files.writeString(f, c.line() + "\n");
                Run procps = run("ip", "netns", "exec", ns.name(), "sysctl", "-q", "-p", f.toString());
                if (c.expectApplied() != null) {
                    assertThat(ns.sysctl(c.key())).as(c.line()).isEqualTo(c.expectApplied());
                }
                Run systemd = run("ip", "netns", "exec", ns.name(), SYSTEMD_SYSCTL.toString(), f.toString());
                boolean toolsFail = procps.code() != 0 || systemd.code() != 0;
                List<LintFinding> fs = lint(ns, f);
                boolean lintError = fs.stream().anyMatch(x -> x.severity() == Severity.CRITICAL);
                if (toolsFail != lintError || toolsFail == (c.expectApplied() != null)) {
                    disagreements.add(c.line() + ": procps " + procps.code() + ", systemd-sysctl " + systemd.code()
                            + ", lint " + fs);
                }
            }
        }
        assertThat(disagreements).isEmpty();
    }

    @Test
    void aBadLineDoesNotStopTheRestAndUnknownKeysAreWarnings() throws Exception {
        try (TestNetns ns = TestNetns.create("td-lint")) {
            Path f = tmp.resolve("mixed.conf");
            Files.writeString(f, "net.ipv4.no_such_knob = 1\nnet.ipv4.tcp_synack_retries = 4#x\nnet.ipv4.tcp_fin_timeout = 33\n");
            Run procps = run("ip", "netns", "exec", ns.name(), "sysctl", "-p", f.toString());
            // procps applies the lines after the bad ones and reports the failure in its exit status.
            assertThat(procps.code()).isEqualTo(1);
            assertThat(ns.sysctl("net.ipv4.tcp_fin_timeout")).isEqualTo("33");
            ns.setSysctls("net.ipv4.tcp_fin_timeout=60");
            Run systemd = run("ip", "netns", "exec", ns.name(), SYSTEMD_SYSCTL.toString(), f.toString());
            assertThat(ns.sysctl("net.ipv4.tcp_fin_timeout")).isEqualTo("33");
            assertThat(systemd.out()).contains("ignoring");
            List<LintFinding> fs = lint(ns, f);
            assertThat(fs).filteredOn(x -> x.line() == 1).singleElement().satisfies(x -> {
                assertThat(x.code()).isEqualTo("unknown-key");
                assertThat(x.severity()).isEqualTo(Severity.WARNING);
                assertThat(x.message()).contains("after applying the other lines").contains("systemd-sysctl");
            });
            assertThat(fs).filteredOn(x -> x.line() == 2).extracting(LintFinding::severity).containsExactly(Severity.CRITICAL);
            assertThat(fs).filteredOn(x -> x.line() == 3).noneMatch(x -> x.severity() != Severity.INFO);
            // An unknown key alone: procps fails, systemd-sysctl ignores it, the lint warns (no error).
            Path unknown = tmp.resolve("unknown.conf");
            Files.writeString(unknown, "net.ipv4.no_such_knob = 1\n");
            assertThat(run("ip", "netns", "exec", ns.name(), "sysctl", "-q", "-p", unknown.toString()).code()).isEqualTo(1);
            assertThat(run("ip", "netns", "exec", ns.name(), SYSTEMD_SYSCTL.toString(), unknown.toString()).code()).isZero();
            assertThat(lint(ns, unknown)).extracting(LintFinding::severity).containsExactly(Severity.WARNING);
        }
    }
}
