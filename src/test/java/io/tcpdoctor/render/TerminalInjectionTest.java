package io.tcpdoctor.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.collect.Netns;
import io.tcpdoctor.testing.Cli;
import io.tcpdoctor.testing.TestNetns;
import io.tcpdoctor.testing.Wait;
import java.net.InetAddress;
import java.net.Socket;
import java.io.StringWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No control character from a process name, a capture or a file name reaches the terminal raw. */
class TerminalInjectionTest {
    @TempDir
    Path tmp;

    /** True when the text has a control character other than the line feeds ending its lines. */
    static boolean hasRawControl(String s) {
        for (char c : s.toCharArray()) {
            if (c != '\n' && c != '\t' && Terminal.isUnsafe(c)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void fieldEscapesEveryControlAndBidiCharacter() {
        assertThat(Terminal.field("plain java/42 中文")).isEqualTo("plain java/42 中文");
        assertThat(Terminal.field("a\033[2Jb\nc\007\0\r\t")).isEqualTo("a\\x1b[2Jb\\x0ac\\x07\\x00\\x0d\\x09");
        assertThat(Terminal.field("x\u009b31m\u202eevil\u2066\u2028")).isEqualTo("x\\x9b31m\\u202eevil\\u2066\\u2028");
        StringWriter w = new StringWriter();
        PrintWriter p = Terminal.protect(new PrintWriter(w));
        p.println("row\t\033]0;title\007 end");
        p.flush();
        assertThat(w.toString()).isEqualTo("row\t\\u001b]0;title\\u0007 end" + System.lineSeparator());
    }

    @Test
    void csvNeutralisesFormulasButKeepsNumbers() {
        assertThat(Csv.neutralise("=HYPERLINK(\"x\")")).isEqualTo("'=HYPERLINK(\"x\")");
        assertThat(Csv.neutralise("+cmd")).isEqualTo("'+cmd");
        assertThat(Csv.neutralise("-2+3")).isEqualTo("'-2+3");
        assertThat(Csv.neutralise("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(Csv.neutralise("-1")).isEqualTo("-1");
        assertThat(Csv.neutralise("+3.5")).isEqualTo("+3.5");
        assertThat(Csv.neutralise("-1e5")).isEqualTo("-1e5");
        assertThat(Csv.neutralise("-")).isEqualTo("-");
        assertThat(Csv.neutralise("java")).isEqualTo("java");
        StringWriter w = new StringWriter();
        Csv.row(new PrintWriter(w), "=1+1", -1, "-1", "@x");
        assertThat(w.toString().strip()).isEqualTo("'=1+1,-1,-1,'@x");
    }

    @Test
    void captureBytesAndFileNamesAreEscaped() throws Exception {
        Path f = tmp.resolve("evil\033[31m.txt");
        String evil = "a\033]0;pwned\007\u202e";
        Files.writeString(f, "State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n"
                + "ESTAB  0 0 10.0.0.1:5000 10.0.0.2:80 users:((\"" + evil + "\",pid=7,fd=3))\n"
                + "BOGUS\033[2J 0 0 10.0.0.1:5001 10.0.0.2:80\n", StandardCharsets.UTF_8);
        for (String[] args : new String[][] {{"list", "-p", "-i", f.toString()}, {"states", "--by", "process", "-i", f.toString()},
                {"list", "-p", "-o", "csv", "-i", f.toString()}, {"diagnose", "-i", f.toString()},
                {"check", "-i", f.toString()}, {"states", "-i", tmp.resolve("missing\033[2J").toString()}}) {
            Cli.Result r = Cli.run(args);
            assertThat(hasRawControl(r.out())).as("stdout of %s: %s", String.join(" ", args), r.out()).isFalse();
            assertThat(hasRawControl(r.err())).as("stderr of %s: %s", String.join(" ", args), r.err()).isFalse();
        }
        Cli.Result list = Cli.run("list", "-p", "-i", f.toString());
        assertThat(list.out()).contains("7/a\\x1b]0;pwned\\x07\\u202e");
        Cli.Result missing = Cli.run("states", "-i", tmp.resolve("missing\033[2J").toString());
        assertThat(missing.err()).contains("missing\\x1b[2J").hasLineCount(1);
        // JSON keeps the real name, escaped the JSON way.
        Cli.Result json = Cli.run("list", "-p", "-o", "json", "-i", f.toString());
        assertThat(json.out()).contains("\"process\" : \"a\\u001B]0;pwned\\u0007");
    }

    @Test
    void aLiveProcessNamedWithControlCharactersCannotSplitOrDrawOnTheTerminal() throws Exception {
        try (TestNetns ns = TestNetns.create("td-evil")) {
            Process p = ns.startJava(EvilNameServer.class, "4100", "64");
            assertThat(TestNetns.awaitReady(p, 20_000)).isEqualTo("READY 4100");
            // ip netns exec replaces itself with java: the child's pid is the server's.
            long pid = p.pid();
            try (Netns in = Netns.enter(ns.name())) {
                for (int i = 0; i < 25; i++) {
                    new Socket(InetAddress.getLoopbackAddress(), 4100).close();
                }
            }
            assertThat(Wait.until(() -> TestNetns.exec("ip", "netns", "exec", ns.name(), "ss", "-Htanp", "state", "close-wait")
                    .lines().filter(l -> l.contains("pid=" + pid + ",")).count() == 25, 10_000)).as("25 CLOSE_WAIT held by the child").isTrue();
            String escaped = "a\\x1b[2Jb\\x0ac\\x07";
            Cli.Result list = Cli.run("list", "-p", "-N", ns.name(), "--state", "close-wait");
            assertThat(list.code()).as(list.err()).isZero();
            assertThat(list.out()).contains(pid + "/" + escaped);
            assertThat(hasRawControl(list.out())).isFalse();
            assertThat(list.out().lines().count()).isEqualTo(26);
            Cli.Result by = Cli.run("states", "--by", "process", "-N", ns.name());
            assertThat(by.out()).contains(escaped);
            assertThat(hasRawControl(by.out())).isFalse();
            Cli.Result check = Cli.run("check", "-N", ns.name(), "--close-wait", "20");
            assertThat(check.code()).as(check.out()).isIn(1, 2);
            assertThat(check.out()).contains("close-wait-leak").contains(escaped);
            assertThat(check.out().lines().count()).as(check.out()).isEqualTo(1);
            assertThat(hasRawControl(check.out())).isFalse();
            Cli.Result diag = Cli.run("diagnose", "-N", ns.name(), "--close-wait", "20");
            assertThat(diag.out()).contains(escaped);
            assertThat(hasRawControl(diag.out())).isFalse();
            Cli.Result csv = Cli.run("list", "-p", "-o", "csv", "-N", ns.name(), "--state", "close-wait");
            assertThat(hasRawControl(csv.out())).isFalse();
            p.getOutputStream().close();
        }
    }
}
