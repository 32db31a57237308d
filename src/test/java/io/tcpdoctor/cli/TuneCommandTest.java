package io.tcpdoctor.cli;

import io.tcpdoctor.testing.FactsGuard;
import io.tcpdoctor.testing.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpdoctor.Main;
import io.tcpdoctor.testing.TestNetns;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuneCommandTest {
    static final String SEED = "src/test/resources/tune/seed-001-sysctl.conf";

    @TempDir
    Path tmp;

    static Cli.Result run(String... args) {
        return Cli.run(args);
    }

    @Test
    void checkSeedListExitsWithErrorsAndNamesFileAndLine() {
        Cli.Result r = run("tune", "--check", SEED, "--lang", "en");
        assertThat(r.code()).isEqualTo(6);
        assertThat(r.out()).contains(SEED + ":17: error: [tw-recycle-set]")
                .contains(SEED + ":2: warning: [risky-value]")
                .contains(SEED + ":8: note: [misconception] tcp_fin_timeout does not shorten TIME_WAIT")
                .contains("3 error(s), 1 warning(s), 5 note(s) in 10 line(s)");
        Cli.Result zh = run("tune", "--check", SEED, "--lang", "zh");
        assertThat(zh.code()).isEqualTo(6);
        assertThat(zh.out()).contains(":17: 错误: [tw-recycle-set]").doesNotContain("!lint");
        Cli.Result json = run("tune", "--check", SEED, "-o", "json");
        assertThat(json.out()).contains("\"exit_code\" : 6").contains("\"code\" : \"invisible-char\"");
        Cli.Result csv = run("tune", "--check", SEED, "-o", "csv");
        assertThat(csv.out().lines().findFirst().orElseThrow()).isEqualTo("file,line,severity,code,key,message");
    }

    @Test
    void checkExitCodes() throws Exception {
        Path clean = tmp.resolve("clean.conf");
        Files.writeString(clean, "# nothing risky\nnet.core.somaxconn = 8192\n");
        Cli.Result ok = run("tune", "--check", clean.toString(), "--lang", "en");
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("No problems found in 1 setting(s)");
        Path warn = tmp.resolve("warn.conf");
        Files.writeString(warn, "net.ipv4.tcp_syn_retries = 1\n");
        assertThat(run("tune", "--check", warn.toString()).code()).isEqualTo(5);
        Cli.Result missing = run("tune", "--check", tmp.resolve("nope.conf").toString());
        assertThat(missing.code()).isEqualTo(4);
        assertThat(missing.err()).contains("cannot read").contains("nope.conf");
        assertThat(run("tune", "--check", clean.toString(), "--apply").code()).isEqualTo(2);
        Cli.Result dir = run("tune", "--check", tmp.toString());
        assertThat(dir.code()).isEqualTo(4);
        assertThat(dir.err()).contains("is a directory");
        Path binary = tmp.resolve("binary.conf");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 'a', '=', '1', '\n', 0, 1, 2});
        Cli.Result bin = run("tune", "--check", binary.toString());
        assertThat(bin.code()).isIn(5, 6);
        assertThat(bin.err()).isEmpty();
    }

    @Test
    void writeProducesALoadableDropInAtomically() throws Exception {
        Path f = tmp.resolve("out/90-tcpdoctor.conf");
        Cli.Result r = run("tune", "--role", "client", "--write", f.toString(), "--lang", "en");
        assertThat(r.code()).as(r.err()).isZero();
        String text = Files.readString(f);
        assertThat(text).startsWith("# tcpdoctor tune: settings for a client");
        assertThat(r.out()).contains("Wrote " + f);
        // Every non-comment line is a key = value setting the lint accepts without errors.
        Cli.Result lint = run("tune", "--check", f.toString());
        assertThat(lint.code()).as(lint.out()).isNotEqualTo(6);
        assertThat(Files.list(f.getParent())).allMatch(p -> !p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void applyAndRollbackFromTheCommandLineInsideANamespace() throws Exception {
        try (TestNetns ns = TestNetns.create("td-advice")) {
            ns.setSysctl("net.ipv4.tcp_syn_retries", "2");
            ns.setSysctl("net.ipv4.tcp_tw_reuse", "0");
            String d = tmp.resolve("etc").toString();
            String b = tmp.resolve("lib").toString();
            Cli.Result a = run("tune", "--apply", "--role", "client", "-N", ns.name(), "--sysctl-dir", d, "--backup-dir", b, "--lang", "en");
            assertThat(a.code()).as(a.err()).isZero();
            // A client role without outgoing TIME_WAIT pressure gets no tcp_tw_reuse: it would help nothing seen.
            assertThat(a.out().replaceAll("\\s+", " ")).contains("net.ipv4.tcp_syn_retries: 2 -> 6")
                    .doesNotContain("net.ipv4.tcp_tw_reuse: 0 -> 1").contains("Not proposed: net.ipv4.tcp_tw_reuse (now 0)")
                    .contains("Set 1 value(s)");
            assertThat(ns.sysctl("net.ipv4.tcp_syn_retries")).isEqualTo("6");
            assertThat(ns.sysctl("net.ipv4.tcp_tw_reuse")).isEqualTo("0");
            assertThat(Path.of(d, "90-tcpdoctor.conf")).exists();
            Cli.Result rb = run("tune", "--rollback", "-N", ns.name(), "--sysctl-dir", d, "--backup-dir", b, "--lang", "en");
            assertThat(rb.code()).as(rb.err()).isZero();
            assertThat(rb.out()).contains("Restored 1 value(s)");
            assertThat(ns.sysctl("net.ipv4.tcp_syn_retries")).isEqualTo("2");
            assertThat(Path.of(d, "90-tcpdoctor.conf")).doesNotExist();
            Cli.Result again = run("tune", "--rollback", "-N", ns.name(), "--sysctl-dir", d, "--backup-dir", b);
            assertThat(again.code()).isEqualTo(3);
            assertThat(again.err()).contains("nothing to roll back");
        }
    }

    @Test
    void emptyNamespaceHasNoRoleAndSaysHowToGiveOne() {
        try (TestNetns ns = TestNetns.create("td-advice")) {
            Cli.Result r = run("tune", "-N", ns.name(), "--lang", "en");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out().replaceAll("\\s+", " ")).contains("role unknown").contains("only counters and risky values could be checked")
                    .contains("Dry run: nothing was changed");
            io.tcpdoctor.testing.FactsGuard.check(r.out());
        }
        assertThat(run("tune", "--role", "router").code()).isEqualTo(2);
        assertThat(run("tune", "--lang", "fr").code()).isEqualTo(2);
    }

    @Test
    void noOutputRecommendsRecycleOrMisstatesFinTimeout() {
        for (String lang : new String[] {"en", "zh"}) {
            for (String[] args : new String[][] {{"tune", "--check", SEED}, {"tune", "--role", "proxy"},
                    {"tune", "--target", "windows"}, {"tune", "--target", "lvs"}, {"explain", "tcp_fin_timeout"},
                    {"explain", "fin-wait-2"}, {"explain", "close"}, {"capacity", "--close-rate", "500"}}) {
                String[] full = java.util.Arrays.copyOf(args, args.length + 2);
                full[args.length] = "--lang";
                full[args.length + 1] = lang;
                Cli.Result r = run(full);
                assertThat(r.code()).as(String.join(" ", full) + r.err()).isIn(0, 6);
                io.tcpdoctor.testing.FactsGuard.check(r.out());
                assertThat(r.out()).doesNotContainPattern("![a-z_.]+!");
            }
        }
    }

    @Test
    void applyInANamedNamespaceSetsValuesOnlyWithItsOwnBackup() throws Exception {
        try (TestNetns ns = TestNetns.create("td-advice")) {
            ns.setSysctl("net.ipv4.tcp_keepalive_probes", "2");
            String b = tmp.resolve("lib").toString();
            Cli.Result a = run("tune", "--apply", "--role", "server", "-N", ns.name(), "--backup-dir", b, "--lang", "en");
            assertThat(a.code()).as(a.err()).isZero();
            assertThat(a.out().replaceAll("\\s+", " ")).contains("net.ipv4.tcp_keepalive_probes: 2 -> 9")
                    .contains("no drop-in")
                    // The undo hint names the real namespace, ready to paste.
                    .contains("undo with: tcpdoctor tune --rollback -N " + ns.name())
                    .doesNotContain("-N NAME");
            assertThat(ns.sysctl("net.ipv4.tcp_keepalive_probes")).isEqualTo("9");
            assertThat(Path.of(b, "sysctl-backup-netns-" + ns.name() + ".conf")).exists();
            assertThat(Path.of(b, "sysctl-backup.conf")).doesNotExist();
            Cli.Result rb = run("tune", "--rollback", "-N", ns.name(), "--backup-dir", b, "--lang", "en");
            assertThat(rb.code()).as(rb.err()).isZero();
            assertThat(ns.sysctl("net.ipv4.tcp_keepalive_probes")).isEqualTo("2");
        }
    }

    @Test
    void windowsCommands() {
        Cli.Result r = run("tune", "--target", "windows", "--lang", "en");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("reg add \"HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\" /v TcpTimedWaitDelay /t REG_DWORD /d 30 /f")
                .contains("Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters' -Name TcpTimedWaitDelay -Value 30 -Type DWord")
                .contains("netsh int ipv4 show dynamicport tcp")
                .contains("netsh int ipv4 set dynamicport tcp start=10000 num=55536")
                .contains("30 to 300").contains("not confirmed").contains("49152-65535");
        // Windows allocates implicitly bound ports host-wide, not per destination as Linux does.
        String flat = r.out().replaceAll("\\s+", " ");
        assertThat(flat).contains("host-wide, not per destination").contains("SO_REUSE_UNICASTPORT")
                .contains("netsh int ipv4 show excludedportrange protocol=tcp");
        Cli.Result custom = run("tune", "--target", "windows", "--time-wait-delay", "60", "--dynamic-ports", "20000-60000");
        assertThat(custom.out()).contains("/d 60 /f").contains("start=20000 num=40001");
        assertThat(run("tune", "--target", "windows", "--time-wait-delay", "10").code()).isEqualTo(2);
        assertThat(run("tune", "--target", "windows", "--dynamic-ports", "60000-1000").code()).isEqualTo(2);
        Cli.Result zh = run("tune", "--target", "windows", "--lang", "zh");
        assertThat(zh.out()).contains("有效范围 30 到 300").doesNotContain("!win");
    }

    @Test
    void lvsReadsCurrentTimeoutsAndBuildsTheCommand() throws Exception {
        Cli.Result r = run("tune", "--target", "lvs", "--timeouts", "src/test/resources/tune/ipvsadm-timeout.txt",
                "--lvs-set", "0,60,0", "--lang", "en");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("tcp 7200 s, tcpfin 30 s, udp 300 s")
                .contains("tcp 7200 -> 7200 s, tcpfin 30 -> 60 s, udp 300 -> 300 s")
                .contains("ipvsadm --set 0 60 0")
                .contains("not sockets");
        Cli.Result defaults = run("tune", "--target", "lvs", "-o", "json");
        JsonNode doc = new ObjectMapper().readTree(defaults.out());
        assertThat(doc.get("target").asText()).isEqualTo("lvs");
        assertThat(defaults.out()).contains("tcp 900 s, tcpfin 120 s, udp 300 s");
        Path bad = tmp.resolve("bad.txt");
        Files.writeString(bad, "TCP  10.0.0.1:80 rr\n");
        Cli.Result b = run("tune", "--target", "lvs", "--timeouts", bad.toString());
        assertThat(b.code()).isEqualTo(4);
        assertThat(b.err()).contains("bad.txt").contains("ipvsadm -L --timeout");
        assertThat(run("tune", "--target", "lvs", "--lvs-set", "1,2").code()).isEqualTo(2);
        assertThat(run("tune", "--target", "mac").code()).isEqualTo(2);
    }
}
