package io.tcpdoctor.lint;

import io.tcpdoctor.testing.SysctlTree;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.collect.KernelVersion;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Severity;
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
        assertThat(at(fs, 8, "invisible-char").severity()).isEqualTo(Severity.INFO);
        // line 15: tw_reuse only outgoing
        assertThat(at(fs, 15, "misconception").message()).contains("outgoing").contains("tcp_timestamps");
        // line 17: tcp_tw_recycle on a kernel without it
        LintFinding recycle = at(fs, 17, "tw-recycle-set");
        assertThat(recycle.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(recycle.message()).contains("4.12").contains("sysctl -p fails").contains("NAT");
        // line 20 and 22: number glued to U+00A0: the kernel rejects the value
        assertThat(at(fs, 20, "invisible-char").severity()).isEqualTo(Severity.CRITICAL);
        assertThat(at(fs, 20, "invisible-char").message()).contains("U+00A0");
        assertThat(at(fs, 22, "invisible-char").severity()).isEqualTo(Severity.CRITICAL);
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
        assertThat(at(fs, 1, "trailing-text").severity()).isEqualTo(Severity.INFO);
        assertThat(at(fs, 2, "trailing-text").message()).contains("no end-of-line comments");
        assertThat(at(fs, 2, "misconception").message()).contains("outgoing");
        assertThat(at(fs, 3, "tw-recycle-set").severity()).isEqualTo(Severity.CRITICAL);
        // "net.ipv4.tcp_fin_timeout <text>" has no '='
        assertThat(at(fs, 4, "syntax").severity()).isEqualTo(Severity.CRITICAL);
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
        tree.put("net.ipv4.ping_group_range", "1\t0");
        tree.put("net.core.default_qdisc", "fq_codel");
        String def = Files.readString(Path.of("src/test/resources/tune/50-default.conf"), StandardCharsets.UTF_8);
        String app = Files.readString(Path.of("src/test/resources/tune/99-app.conf"), StandardCharsets.UTF_8);
        List<LintFinding> fs = lint(tree, MODERN_KERNEL, "en", def, app);
        // Globs and "-key" exclusions are systemd syntax, not errors; the findings are the override and a range
        // that covers the default MongoDB port (30000,30001 are reserved, 27017 is not).
        assertThat(at(fs, 4, "port-overlap").message()).contains("27017 (MongoDB)").doesNotContain("30000");
        assertThat(fs).filteredOn(f -> !f.code().equals("port-overlap")).singleElement().satisfies(f -> {
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
        assertThat(at(fs, 17, "tw-recycle-set").severity()).isEqualTo(Severity.CRITICAL);
        assertThat(fs).noneMatch(f -> f.code().equals("unknown-key") && f.line() != 17);
    }

    @Test
    void recycleOnAnOldKernelIsAnErrorAndOffIsANote() {
        Map<String, String> old = new HashMap<>(SysctlTree.MODERN);
        old.put("net.ipv4.tcp_tw_recycle", "0");
        old.remove("net.ipv4.tcp_tw_reuse_delay");
        List<LintFinding> fs = lint(old, KernelVersion.parse("4.9.0"), "en",
                "net.ipv4.tcp_tw_recycle = 1\nnet/ipv4/tcp_tw_recycle=0\n");
        assertThat(fs).extracting(LintFinding::severity).containsExactly(Severity.CRITICAL, Severity.WARNING, Severity.INFO);
        assertThat(fs.get(0).message()).contains("NAT");
        assertThat(fs.get(1).code()).isEqualTo("duplicate");
        assertThat(fs.get(2).code()).isEqualTo("tw-recycle-set");
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
        assertThat(across.severity()).isEqualTo(Severity.INFO);
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
        assertThat(at(fs, 1, "syntax").severity()).isEqualTo(Severity.CRITICAL);
        assertThat(at(fs, 2, "bad-value").message()).contains("six");
        assertThat(at(fs, 3, "bad-value").message()).contains("60999 32768");
        // "600 # ten minutes": the kernel reads 600 and ignores the rest (sysctl -p accepts it)
        assertThat(at(fs, 4, "trailing-text").severity()).isEqualTo(Severity.INFO);
        assertThat(at(fs, 4, "trailing-text").message()).contains("do not strip comments");
        assertThat(fs).noneMatch(f -> f.line() == 4 && f.severity() == Severity.CRITICAL);
        assertThat(at(fs, 5, "syntax").severity()).isEqualTo(Severity.CRITICAL);
        assertThat(at(fs, 6, "unknown-key").severity()).isEqualTo(Severity.WARNING);
        assertThat(at(fs, 7, "unknown-key").severity()).isEqualTo(Severity.INFO);
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
        // 500 is below ip_unprivileged_port_start: the kernel refuses the whole range (EINVAL)
        assertThat(at(fs, 4, "bad-value").severity()).isEqualTo(Severity.CRITICAL);
        assertThat(at(fs, 4, "bad-value").message()).contains("ip_unprivileged_port_start").contains("Invalid argument");
        assertThat(fs.stream().filter(f -> f.line() == 4 && f.code().equals("risky-value")).count()).isEqualTo(1);
        // A range the kernel refuses hands out no ports: no overlap finding on top of the error.
        assertThat(fs).noneMatch(f -> f.line() == 4 && f.code().equals("port-overlap"));
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
        assertThat(notes).singleElement().extracting(LintFinding::severity).isEqualTo(Severity.INFO);
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
                "-net.x.y = 1", "net.ipv4.tcp_keepalive_probes = 1", "net.ipv4.tcp_fin_timeout = 1 # c", "k/a!b = 1",
                "net.ipv4.tcp_retries2 = 3", "net.ipv4.tcp_abort_on_overflow = 1", "net.ipv4.tcp_keepalive_intvl = 010",
                "net.ipv4.tcp_orphan_retries = 1", "net.ipv4.ip_local_port_range = 2000"));
        assertThat(fs).hasSizeGreaterThan(20);
        assertThat(fs).allSatisfy(f -> assertThat(f.message()).doesNotContain("!lint.").doesNotContain("{0}"));
        assertThat(at(fs, 17, "tw-recycle-set").message()).contains("4.12").contains("NAT");
    }

    @Test
    void knobsThatHurtOrDoNothing() {
        Map<String, String> tree = new HashMap<>(SysctlTree.MODERN);
        tree.put("net.ipv4.tcp_mem", "287892\t383858\t575784");
        tree.put("net.ipv4.tcp_low_latency", "0");
        tree.put("net.ipv4.tcp_retries2", "15");
        tree.put("net.ipv4.tcp_abort_on_overflow", "0");
        Sysctls s = new Sysctls(SysctlTree.write(tmp.resolve("sys" + trees++), tree));
        String text = String.join("\n",
                "net.ipv4.tcp_mem = 786432 1048576 1572864000",
                "net.ipv4.tcp_fin_timeout = 1",
                "net.ipv4.tcp_orphan_retries = 1",
                "net.ipv4.tcp_max_orphans = 10000000",
                "net.ipv4.tcp_low_latency = 1",
                "net.ipv4.tcp_retries2 = 5",
                "net.ipv4.tcp_abort_on_overflow = 1",
                "net.ipv4.ip_local_port_range = 1024 65000",
                "net.ipv4.ip_local_reserved_ports = 8080",
                "net.ipv4.tcp_synack_retries = 1",
                "net.ipv4.tcp_keepalive_intvl = 010");
        List<LintFinding> fs = new SysctlLint(s, MODERN_KERNEL, Messages.forLang("en")).memory(16L << 30)
                .listening(java.util.Set.of(4000, 8080, 22)).check(List.of(new SysctlLint.Source("f.conf", text)));
        assertThat(at(fs, 1, "tcp-mem").message()).contains("pages").contains("5.9 TiB").contains("16.0 GiB");
        assertThat(at(fs, 2, "risky-value").message()).contains("RST").contains("does not shorten TIME_WAIT");
        assertThat(at(fs, 3, "risky-value").message()).contains("0 means 8");
        assertThat(at(fs, 4, "risky-value").message()).contains("64 KB").contains("610.4 GiB");
        assertThat(at(fs, 5, "no-op").severity()).isEqualTo(Severity.INFO);
        assertThat(at(fs, 6, "risky-value").message()).contains("RFC 1122").contains("924.6");
        assertThat(at(fs, 7, "risky-value").message()).contains("reset");
        LintFinding overlap = at(fs, 8, "port-overlap");
        // 4000 listens here; 8080 is reserved by the next line; 22 is outside the range.
        assertThat(overlap.message()).contains("4000 (listening)").contains("3306 (MySQL)").doesNotContain("8080").doesNotContain(" 22");
        assertThat(at(fs, 10, "risky-value").message()).contains("default is 5");
        assertThat(at(fs, 11, "octal").message()).contains("sets 8");
        assertThat(fs).noneMatch(f -> f.severity() == Severity.CRITICAL);
        // Without the memory of the host, a tcp_mem written in bytes is still recognised by its size.
        List<LintFinding> noMem = new SysctlLint(s, MODERN_KERNEL, Messages.forLang("en")).memory(-1)
                .check(List.of(new SysctlLint.Source("g.conf", "net.ipv4.tcp_mem = 8388608 12582912 16777216000000\n")));
        assertThat(at(noMem, 1, "tcp-mem").message()).contains("look like bytes");
    }

    @Test
    void conntrackKnobs() {
        Map<String, String> tree = new HashMap<>(SysctlTree.MODERN);
        tree.put("net.netfilter.nf_conntrack_max", "262144");
        tree.put("net.netfilter.nf_conntrack_count", "5000");
        tree.put("net.netfilter.nf_conntrack_tcp_timeout_time_wait", "120");
        List<LintFinding> fs = lint(tree, MODERN_KERNEL, "en",
                "net.netfilter.nf_conntrack_tcp_timeout_time_wait = 30\nnet.netfilter.nf_conntrack_max = 4096\n");
        assertThat(at(fs, 1, "misconception").message()).contains("does not change the 60 s TIME_WAIT of the sockets");
        assertThat(at(fs, 2, "risky-value").message()).contains("4096").contains("5000").contains("table full");
        assertThat(lint(tree, MODERN_KERNEL, "en", "net.netfilter.nf_conntrack_max = 524288\n")).isEmpty();
    }
}
