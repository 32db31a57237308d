package io.tcpdoctor.lint;

import io.tcpdoctor.testing.SysctlTree;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.collect.KernelVersion;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.lint.LintFinding.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysctlLintTest {
    @TempDir
    Path tmp;

    int trees;

    static final KernelVersion MODERN_KERNEL = KernelVersion.parse("6.8.0-45-generic");

    private List<LintFinding> lint(Map<String, String> tree, KernelVersion k, String lang, String... files) {
        Sysctls s = new Sysctls(SysctlTree.write(tmp.resolve("sys" + trees++), tree));
        List<SysctlLint.Source> src = new java.util.ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            src.add(new SysctlLint.Source("f" + i + ".conf", files[i]));
        }
        return new SysctlLint(s, k, Messages.forLang(lang)).check(src);
    }

    static String seed() throws IOException {
        return Files.readString(Path.of("src/test/resources/tune/seed-001-sysctl.conf"), StandardCharsets.UTF_8);
    }

    private static LintFinding at(List<LintFinding> fs, int line, String code) {
        return fs.stream().filter(f -> f.line() == line && f.code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " at line " + line + " in " + fs));
    }

    @Test
    void seedListGivesTheRightFindings() throws IOException {
        List<LintFinding> fs = lint(SysctlTree.MODERN, MODERN_KERNEL, "en", seed());
        // line 2: tcp_syn_retries=2
        assertThat(at(fs, 2, "risky-value").severity()).isEqualTo(Severity.WARNING);
        assertThat(at(fs, 2, "risky-value").message()).contains("3 SYN").contains("default is 6");
        // line 5: keepalive_time only for SO_KEEPALIVE sockets
        assertThat(at(fs, 5, "misconception").message()).contains("SO_KEEPALIVE");
        // line 8: tcp_fin_timeout=30 followed by " " + U+00A0: accepted by the kernel, but a misconception
        assertThat(at(fs, 8, "misconception").message()).contains("does not shorten TIME_WAIT").contains("FIN_WAIT2");
        assertThat(at(fs, 8, "invisible-char").severity()).isEqualTo(Severity.WARNING);
        // line 15: tw_reuse only outgoing
        assertThat(at(fs, 15, "misconception").message()).contains("outgoing").contains("tcp_timestamps");
        // line 17: tcp_tw_recycle on a kernel without it
        LintFinding recycle = at(fs, 17, "tw-recycle");
        assertThat(recycle.severity()).isEqualTo(Severity.ERROR);
        assertThat(recycle.message()).contains("4.12").contains("sysctl -p fails").contains("NAT");
        // line 20 and 22: number glued to U+00A0: the kernel rejects the value
        assertThat(at(fs, 20, "invisible-char").severity()).isEqualTo(Severity.ERROR);
        assertThat(at(fs, 20, "invisible-char").message()).contains("U+00A0");
        assertThat(at(fs, 22, "invisible-char").severity()).isEqualTo(Severity.ERROR);
        // nothing on the harmless lines (orphan_retries=3, max_syn_backlog, syncookies=1)
        assertThat(fs).noneMatch(f -> f.line() == 6 || f.line() == 10 || f.line() == 12);
        // commented-out lines are not settings
        assertThat(fs).noneMatch(f -> f.line() == 3);
        assertThat(fs).allMatch(f -> f.file().equals("f0.conf"));
        assertThat(SysctlLint.exitCode(fs)).isEqualTo(SysctlLint.EXIT_ERRORS);
    }

    @Test
    void explanationsPastedAfterValuesInSeed002() throws IOException {
        String text = Files.readString(Path.of("src/test/resources/tune/seed-002-sysctl.conf"), StandardCharsets.UTF_8);
        List<LintFinding> fs = lint(SysctlTree.MODERN, MODERN_KERNEL, "en", text);
        // "= 1 <Chinese explanation>": the kernel takes 1 and ignores the rest (checked with sysctl -p in a namespace)
        assertThat(at(fs, 1, "trailing-text").severity()).isEqualTo(Severity.WARNING);
        assertThat(at(fs, 2, "trailing-text").message()).contains("no end-of-line comments");
        assertThat(at(fs, 2, "misconception").message()).contains("outgoing");
        assertThat(at(fs, 3, "tw-recycle").severity()).isEqualTo(Severity.ERROR);
        // "net.ipv4.tcp_fin_timeout <text>" has no '='
        assertThat(at(fs, 4, "syntax").severity()).isEqualTo(Severity.ERROR);
        assertThat(fs).noneMatch(f -> f.code().equals("invisible-char") || f.code().equals("bad-value"));
    }

    @Test
    void distributionDefaultsAndAnOverrideInLoadOrder() throws IOException {
        Map<String, String> tree = new HashMap<>(SysctlTree.MODERN);
        for (String k : List.of("kernel.sysrq", "kernel.core_uses_pid", "net.ipv4.conf.default.rp_filter",
                "net.ipv4.conf.default.accept_source_route", "net.ipv4.conf.default.promote_secondaries",
                "net.ipv4.ping_group_range", "net.core.default_qdisc", "fs.protected_hardlinks", "fs.protected_symlinks",
                "fs.protected_regular", "fs.protected_fifos")) {
            tree.put(k, "0");
        }
        String def = Files.readString(Path.of("src/test/resources/tune/50-default.conf"), StandardCharsets.UTF_8);
        String app = Files.readString(Path.of("src/test/resources/tune/99-app.conf"), StandardCharsets.UTF_8);
        List<LintFinding> fs = lint(tree, MODERN_KERNEL, "en", def, app);
        // Globs and "-key" exclusions are systemd syntax, not errors; the only finding is the override.
        assertThat(fs).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo("f1.conf");
            assertThat(f.line()).isEqualTo(3);
            assertThat(f.code()).isEqualTo("duplicate");
            assertThat(f.message()).contains("f0.conf:11").contains("(1) wins");
        });
        tree.remove("kernel.sysrq");
        List<LintFinding> noSysrq = lint(tree, MODERN_KERNEL, "en", def, app);
        assertThat(at(noSysrq, 5, "unknown-key").message()).contains("kernel.sysrq").contains("6.8.0-45-generic");
    }

    @Test
    void seedListAgainstTheRunningKernel() throws IOException {
        KernelVersion k = KernelVersion.running();
        assertThat(k.atLeast(4, 12)).as("this test expects a kernel without tcp_tw_recycle").isTrue();
        List<LintFinding> fs = new SysctlLint(new Sysctls(), k, Messages.forLang("en"))
                .check(List.of(new SysctlLint.Source("seed.conf", seed())));
        assertThat(at(fs, 17, "tw-recycle").severity()).isEqualTo(Severity.ERROR);
        assertThat(fs).noneMatch(f -> f.code().equals("unknown-key") && f.line() != 17);
    }

    @Test
    void recycleOnAnOldKernelIsAnErrorAndOffIsANote() {
        Map<String, String> old = new HashMap<>(SysctlTree.MODERN);
        old.put("net.ipv4.tcp_tw_recycle", "0");
        old.remove("net.ipv4.tcp_tw_reuse_delay");
        List<LintFinding> fs = lint(old, KernelVersion.parse("4.9.0"), "en",
                "net.ipv4.tcp_tw_recycle = 1\nnet/ipv4/tcp_tw_recycle=0\n");
        assertThat(fs).extracting(LintFinding::severity).containsExactly(Severity.ERROR, Severity.WARNING, Severity.NOTE);
        assertThat(fs.get(0).message()).contains("NAT");
        assertThat(fs.get(1).code()).isEqualTo("duplicate");
        assertThat(fs.get(2).code()).isEqualTo("tw-recycle");
    }

    @Test
    void duplicatesSayWhichLineWins() {
        List<LintFinding> fs = lint(SysctlTree.MODERN, MODERN_KERNEL, "en",
                "net.ipv4.tcp_keepalive_time = 600\n# comment\nnet.ipv4.tcp_keepalive_time = 900\n",
                "net.ipv4.tcp_keepalive_time=900\n");
        LintFinding d = at(fs, 3, "duplicate");
        assertThat(d.severity()).isEqualTo(Severity.WARNING);
        assertThat(d.message()).contains("line 1").contains("600").contains("900");
        LintFinding across = fs.stream().filter(f -> f.file().equals("f1.conf") && f.code().equals("duplicate")).findFirst().orElseThrow();
        assertThat(across.severity()).isEqualTo(Severity.NOTE);
        assertThat(across.message()).contains("f0.conf:3");
    }

    @Test
    void syntaxAndValueErrorsHaveLineNumbers() {
        List<LintFinding> fs = lint(SysctlTree.MODERN, MODERN_KERNEL, "en", String.join("\n",
                "net.ipv4.tcp_fin_timeout 30",
                "net.ipv4.tcp_syn_retries = six",
                "net.ipv4.ip_local_port_range = 60999 32768",
                "net.ipv4.tcp_keepalive_time = 600 # ten minutes",
                "= 5",
                "net.ipv4.tcp_no_such_knob = 1",
                "-net.ipv4.tcp_other_missing = 1",
                "; a comment",
                "net.ipv4.tcp_max_tw_buckets ="));
        assertThat(at(fs, 1, "syntax").severity()).isEqualTo(Severity.ERROR);
        assertThat(at(fs, 2, "bad-value").message()).contains("six");
        assertThat(at(fs, 3, "bad-value").message()).contains("60999 32768");
        assertThat(at(fs, 4, "bad-value").message()).contains("end-of-line comments");
        assertThat(at(fs, 5, "syntax").severity()).isEqualTo(Severity.ERROR);
        assertThat(at(fs, 6, "unknown-key").severity()).isEqualTo(Severity.WARNING);
        assertThat(at(fs, 7, "unknown-key").severity()).isEqualTo(Severity.NOTE);
        assertThat(at(fs, 9, "bad-value").message()).contains("no value");
        assertThat(fs).noneMatch(f -> f.line() == 8);
    }

    @Test
    void riskyValues() {
        List<LintFinding> fs = lint(SysctlTree.MODERN, MODERN_KERNEL, "en", String.join("\n",
                "net.ipv4.tcp_keepalive_probes = 1",
                "net.ipv4.tcp_max_tw_buckets = 5000",
                "net.ipv4.tcp_syncookies = 0",
                "net.ipv4.ip_local_port_range = 500 10000",
                "net.ipv4.tcp_tw_reuse = 1",
                "net.ipv4.tcp_timestamps = 0",
                "net.ipv4.tcp_synack_retries = 1",
                "net.core.somaxconn = 64",
                "net.ipv4.tcp_orphan_retries = 0",
                "net.ipv4.tcp_max_tw_buckets = 524288"));
        assertThat(at(fs, 1, "risky-value").message()).contains("default is 9");
        assertThat(at(fs, 2, "risky-value").message()).contains("5000").contains("262144").contains("TCPTimeWaitOverflow");
        assertThat(at(fs, 3, "risky-value").message()).contains("SYN cookies");
        assertThat(fs.stream().filter(f -> f.line() == 4 && f.code().equals("risky-value")).count()).isEqualTo(2);
        assertThat(at(fs, 6, "timestamps-reuse").severity()).isEqualTo(Severity.WARNING);
        assertThat(at(fs, 6, "risky-value").message()).contains("tcp_tw_reuse");
        assertThat(at(fs, 7, "risky-value").message()).contains("default is 5");
        assertThat(at(fs, 8, "risky-value").message()).contains("4096");
        assertThat(at(fs, 9, "misconception").message()).contains("8");
        // raising tcp_max_tw_buckets is not risky; the earlier lower value is reported as overridden
        assertThat(fs).noneMatch(f -> f.line() == 10 && f.code().equals("risky-value"));
        assertThat(at(fs, 10, "duplicate").message()).contains("line 2");
    }

    @Test
    void cleanFileExitsZeroAndNotesDoNotFail() {
        List<LintFinding> clean = lint(SysctlTree.MODERN, MODERN_KERNEL, "en", "net.core.somaxconn = 8192\n");
        assertThat(clean).isEmpty();
        assertThat(SysctlLint.exitCode(clean)).isZero();
        List<LintFinding> notes = lint(SysctlTree.MODERN, MODERN_KERNEL, "en", "net.ipv4.tcp_fin_timeout = 30\n");
        assertThat(notes).singleElement().extracting(LintFinding::severity).isEqualTo(Severity.NOTE);
        assertThat(SysctlLint.exitCode(notes)).isZero();
        List<LintFinding> warn = lint(SysctlTree.MODERN, MODERN_KERNEL, "en", "net.ipv4.tcp_syn_retries = 1\n");
        assertThat(SysctlLint.exitCode(warn)).isEqualTo(SysctlLint.EXIT_WARNINGS);
    }

    @Test
    void chineseMessagesHaveNoMissingKeys() throws IOException {
        List<LintFinding> fs = lint(SysctlTree.MODERN, MODERN_KERNEL, "zh", seed(), String.join("\n",
                "bad line", "net.ipv4.tcp_syn_retries = x", "net.ipv4.ip_local_port_range = 500 1000",
                "net.ipv4.tcp_timestamps = 0", "net.ipv4.tcp_max_tw_buckets = 10", "net.core.somaxconn = 1",
                "net.ipv4.tcp_synack_retries = 0", "net.ipv4.tcp_syncookies = 0", "net.ipv4.tcp_orphan_retries = 0",
                "-net.x.y = 1", "net.ipv4.tcp_keepalive_probes = 1", "net.ipv4.tcp_fin_timeout = 1 # c", "k/a!b = 1"));
        assertThat(fs).hasSizeGreaterThan(20);
        assertThat(fs).allSatisfy(f -> assertThat(f.message()).doesNotContain("!lint.").doesNotContain("{0}"));
        assertThat(at(fs, 17, "tw-recycle").message()).contains("4.12").contains("NAT");
    }
}
