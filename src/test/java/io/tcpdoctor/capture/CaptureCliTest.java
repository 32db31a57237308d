package io.tcpdoctor.capture;

import io.tcpdoctor.testing.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpdoctor.Main;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capture options and the diff command, run in-process through Main. */
class CaptureCliTest {
    @TempDir
    Path tmp;

    static Cli.Result run(String... args) {
        return Cli.run(args);
    }

    static String fixture(String name) {
        try {
            return Path.of(CaptureCliTest.class.getResource("/captures/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String s) throws IOException {
        return new ObjectMapper().readTree(s);
    }

    @Test
    void statesFromACapture() {
        Cli.Result r = run("states", "--input", fixture("netstat/netstat-antp.txt"));
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).containsPattern("ESTABLISHED +12 ");
        assertThat(r.out()).containsPattern("CLOSE_WAIT +3 ");
        assertThat(r.out()).containsPattern("TOTAL +23 ");
    }

    @Test
    void filtersApplyToCaptures() throws IOException {
        Cli.Result r = run("states", "-i", fixture("ss/ss-tanp.txt"), "--sport", "18080", "--state", "close-wait,established", "-o", "json");
        assertThat(r.code()).isZero();
        JsonNode doc = json(r.out());
        assertThat(doc.get("states").get("ESTABLISHED").asLong()).isEqualTo(4);
        assertThat(doc.get("states").get("CLOSE_WAIT").asLong()).isEqualTo(3);
        assertThat(doc.get("total").asLong()).isEqualTo(7);
        Cli.Result six = run("states", "-i", fixture("netstat/netstat-antp.txt"), "-6", "-o", "json");
        assertThat(json(six.out()).get("total").asLong()).isEqualTo(5);
    }

    @Test
    void ownerFiltersUseTheCapturesProgramColumn() {
        Cli.Result r = run("list", "--input", fixture("windows/netstat-anob.txt"), "--process", "java.exe", "-o", "csv");
        assertThat(r.code()).isZero();
        assertThat(r.out().lines().skip(1).toList()).hasSize(7).allSatisfy(l -> assertThat(l).contains(",6120,java.exe,"));
        Cli.Result byPid = run("list", "--input", fixture("netstat/netstat-antp.txt"), "--pid", "12913", "-o", "csv");
        assertThat(byPid.out().lines().count()).isEqualTo(1 + 17);
    }

    @Test
    void groupByProcessOnACapture() throws IOException {
        Cli.Result r = run("states", "--input", fixture("netstat/netstat-antp.txt"), "--by", "process", "-o", "json");
        assertThat(r.code()).isZero();
        JsonNode groups = json(r.out()).get("groups");
        assertThat(groups.get(0).get("group").asText()).isEqualTo("python3/12913");
        assertThat(groups.get(0).get("total").asLong()).isEqualTo(17);
        assertThat(r.out()).contains("(no owner)");
    }

    @Test
    void skippedLinesAreSummarizedOnStderrAndListedInJson() throws IOException {
        String f = fixture("netstat/netstat-antp-redacted.txt");
        Cli.Result text = run("states", "--input", f);
        assertThat(text.code()).isZero();
        assertThat(text.err()).startsWith("tcpdoctor: skipped 1 line (first: line 6: unknown state '[REDACTED]': tcp ");
        // The skip summary, then the note on rows whose addresses were redacted (they still count).
        assertThat(text.err().lines()).hasSize(2);
        assertThat(text.err()).contains("3 socket row(s) with a redacted address");
        Cli.Result js = run("states", "--input", f, "-o", "json");
        JsonNode w = json(js.out()).get("warnings");
        assertThat(w).hasSize(2);
        assertThat(w.get(0).asText()).startsWith(f + ":6: unknown state '[REDACTED]'");
    }

    @Test
    void manySkippedLinesAreCappedWithATotal() throws IOException {
        StringBuilder b = new StringBuilder(Files.readString(Path.of(fixture("netstat/netstat-antp.txt"))));
        for (int i = 0; i < 150; i++) {
            b.append("tcp        0      0 10.0.0.1:80   10.0.0.2:").append(1000 + i).append("   BROKEN_STATE -\n");
        }
        Path f = tmp.resolve("many.txt");
        Files.writeString(f, b);
        Cli.Result text = run("states", "--input", f.toString());
        assertThat(text.err()).startsWith("tcpdoctor: skipped 150 lines (first: line 26: unknown state 'BROKEN_STATE'");
        JsonNode w = json(run("states", "--input", f.toString(), "-o", "json").out()).get("warnings");
        assertThat(w).hasSize(CaptureSnapshots.LISTED_SKIPS + 1);
        assertThat(w.get(CaptureSnapshots.LISTED_SKIPS).asText()).contains("150 lines skipped in total");
    }

    @Test
    void strictTurnsASkipIntoExit4WithFileAndLine() {
        String f = fixture("netstat/netstat-antp-redacted.txt");
        Cli.Result r = run("states", "--input", f, "--strict");
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("tcpdoctor: " + f + ":6: unknown state '[REDACTED]'");
        assertThat(run("states", "--input", fixture("netstat/netstat-antp.txt"), "--strict").code()).isZero();
    }

    @Test
    void notACaptureNamesTheFormatsTried() {
        Cli.Result r = run("states", "--input", fixture("garbage/nginx-access-log.txt"));
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains("is not a capture tcpdoctor can read (tried: Linux netstat, ss, /proc/net/tcp, Windows netstat");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void emptyMissingAndDirectoryInputs() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.txt"));
        assertThat(run("states", "--input", empty.toString()).code()).isEqualTo(4);
        Cli.Result missing = run("states", "--input", tmp.resolve("nope.txt").toString());
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).contains("no such file");
        assertThat(run("states", "--input", tmp.toString()).code()).isEqualTo(3);
    }

    @Test
    void usageErrors() {
        String f = fixture("netstat/netstat-antp.txt");
        Cli.Result netns = run("states", "--input", f, "--netns", "td-none");
        assertThat(netns.code()).isEqualTo(2);
        assertThat(netns.err()).contains("--netns");
        assertThat(run("states", "--input", f, "--source", "proc").code()).isEqualTo(2);
        Cli.Result bad = run("states", "--input", f, "--input-format", "excel");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("valid: netstat, ss, proc, windows, bsd, powershell, ipvsadm, ss-s, counts");
        assertThat(run("states", "--strict").code()).isEqualTo(2);
        assertThat(run("diff", "-", "-").code()).isEqualTo(2);
    }

    @Test
    void awkNfCountsGetAHint() {
        Cli.Result r = run("states", "--input", fixture("counts/awk-nf-with-pid-column.txt"));
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains("first line: not a TCP state '12913/python3' (an awk $NF count of netstat -p output");
    }

    @Test
    void forcedFormat() {
        Cli.Result r = run("states", "--input", fixture("counts/awk-nf-with-pid-column.txt"), "--input-format", "counts");
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains("has no usable state counts").contains("first problem: line 1: not a TCP state '12913/python3'");
        Cli.Result wrong = run("states", "--input", fixture("ss/ss-tan.txt"), "--input-format", "windows");
        assertThat(wrong.code()).isEqualTo(4);
        assertThat(wrong.err()).contains("(tried: Windows netstat; first problem: line 1:");
    }

    @Test
    void stdinAndGzip() throws IOException {
        byte[] bytes = Files.readAllBytes(Path.of(fixture("ss/ss-tanpoei.txt")));
        InputStream old = System.in;
        try {
            System.setIn(new ByteArrayInputStream(bytes));
            Cli.Result r = run("states", "--input", "-", "-o", "json");
            assertThat(r.code()).isZero();
            assertThat(json(r.out()).get("total").asLong()).isEqualTo(23);
            assertThat(json(r.out()).get("source").asText()).isEqualTo("stdin");
        } finally {
            System.setIn(old);
        }
        Path gz = tmp.resolve("ss.txt.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(bytes);
        }
        Cli.Result r = run("states", "--input", gz.toString(), "-o", "json");
        assertThat(r.code()).isZero();
        assertThat(json(r.out()).get("total").asLong()).isEqualTo(23);
        assertThat(json(r.out()).get("states").get("CLOSE_WAIT").asLong()).isEqualTo(3);
    }

    @Test
    void ipvsEntriesAreShownApart() throws IOException {
        String f = fixture("ipvsadm/ipvsadm-Lnc.txt");
        Cli.Result text = run("states", "--input", f);
        assertThat(text.code()).isZero();
        assertThat(text.out()).containsPattern("TOTAL +0 ");
        assertThat(text.out()).contains("IPVS connection entries");
        assertThat(text.out()).containsPattern("ESTABLISHED +3");
        JsonNode doc = json(run("states", "--input", f, "-o", "json").out());
        assertThat(doc.get("total").asLong()).isZero();
        assertThat(doc.get("ipvs").get("total").asLong()).isEqualTo(11);
        assertThat(doc.get("ipvs").get("states").get("TIME_WAIT").asLong()).isEqualTo(2);
    }

    @Test
    void listNeedsRows() {
        Cli.Result r = run("list", "--input", fixture("counts/uniq-c.txt"));
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains("totals only");
    }

    @Test
    void diffPerStateInEveryFormat() throws IOException {
        String a = fixture("netstat/netstat-antp.txt");
        String b = fixture("mixed/paste-prompts.txt");
        Cli.Result text = run("diff", a, b);
        assertThat(text.code()).isZero();
        assertThat(text.out()).containsPattern("ESTABLISHED +12 +2 +-10");
        assertThat(text.out()).containsPattern("TOTAL +23 +8 +-15");
        JsonNode doc = json(run("diff", a, b, "-o", "json").out());
        assertThat(doc.get("before").get("total").asLong()).isEqualTo(23);
        assertThat(doc.get("after").get("total").asLong()).isEqualTo(8);
        JsonNode cw = null;
        for (JsonNode s : doc.get("states")) {
            if (s.get("state").asText().equals("CLOSE_WAIT")) {
                cw = s;
            }
        }
        assertThat(cw).isNotNull();
        assertThat(cw.get("change").asLong()).isZero();
        Cli.Result csv = run("diff", a, b, "-o", "csv");
        assertThat(csv.out().lines().toList()).contains("state,before,after,change", "TIME_WAIT,2,2,0", "FIN_WAIT2,3,0,-3");
    }

    @Test
    void diffByGroupAndAgainstLive() throws IOException {
        String a = fixture("netstat/netstat-antp.txt");
        String b = fixture("mixed/paste-prompts.txt");
        JsonNode doc = json(run("diff", a, b, "--by", "local-port", "-o", "json").out());
        assertThat(doc.get("by").asText()).isEqualTo("local-port");
        JsonNode first = doc.get("groups").get(0);
        assertThat(first.get("group").asText()).isEqualTo("18080");
        assertThat(first.get("before").asLong()).isEqualTo(10);
        assertThat(first.get("change").asLong()).isEqualTo(-10);
        Cli.Result live = run("diff", a, "live", "--state", "listen");
        assertThat(live.code()).isZero();
        assertThat(live.out()).contains("after:  live");
        Cli.Result totals = run("diff", a, fixture("counts/uniq-c.txt"), "--by", "peer");
        assertThat(totals.code()).isEqualTo(4);
    }

    /** A netstat capture big enough for the parallel count path, with the given extra lines in the middle. */
    private Path bigCapture(String name, String middle) throws IOException {
        return bigCapture(name, middle, 3000);
    }

    private Path bigCapture(String name, String middle, int rows) throws IOException {
        StringBuilder b = new StringBuilder("Active Internet connections (servers and established)\n"
                + "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    \n");
        String[] states = {"ESTABLISHED", "TIME_WAIT", "CLOSE_WAIT", "LISTEN", "FIN_WAIT2"};
        for (int i = 0; i < rows; i++) {
            if (i == rows / 2) {
                b.append(middle);
            }
            String local = "10." + (i / 62_500) + "." + (i / 250 % 250) + "." + (i % 250) + ":8080";
            b.append(String.format("%-5s %6d %6d %-23s %-23s %-11s %s%n", i % 7 == 0 ? "tcp6" : "tcp", 0, 0, local,
                    "172.16.0." + (i % 200) + ":" + (40000 + i), states[i % states.length], i % 3 == 0 ? "-" : "2231/java"));
        }
        Path f = tmp.resolve(name);
        Files.writeString(f, b);
        return f;
    }

    /** The same capture through standard input. */
    private Cli.Result viaStdin(Path f, String... args) throws IOException {
        InputStream old = System.in;
        try {
            System.setIn(new ByteArrayInputStream(Files.readAllBytes(f)));
            String[] all = new String[args.length + 2];
            System.arraycopy(args, 0, all, 0, args.length);
            all[args.length] = "--input";
            all[args.length + 1] = "-";
            return run(all);
        } finally {
            System.setIn(old);
        }
    }

    @Test
    void countPathAndLineReaderAgreeOnBigFiles() throws IOException {
        Path plain = bigCapture("plain.txt", "tcp        0      0 10.9.9.9:1    10.8.8.8:2   ESTABLISHE\ngarbage line\n");
        Path mixed = bigCapture("mixed.txt", "[root@db01 ~]# ss -tan\nState      Recv-Q Send-Q Local Address:Port  Peer Address:Port\n"
                + "CLOSE-WAIT 1      0      10.0.3.15:41008     10.0.3.20:3306\n[root@db01 ~]# netstat -antp\n");
        for (Path f : List.of(plain, mixed)) {
            assertThat(Files.size(f)).isGreaterThan(64 * 1024);
            Cli.Result file = run("states", "--input", f.toString(), "-o", "json");
            Cli.Result stdin = viaStdin(f, "states", "-o", "json");
            assertThat(file.code()).isZero();
            assertThat(json(file.out()).get("states")).isEqualTo(json(stdin.out()).get("states"));
            assertThat(json(file.out()).get("total").asLong()).isEqualTo(f == plain ? 3000 : 3001);
            assertThat(file.err()).isEqualTo(stdin.err().replace("stdin", f.toString()));
        }
        Cli.Result text = run("states", "--input", plain.toString());
        assertThat(text.err()).startsWith("tcpdoctor: skipped 2 lines (first: line 1503: unknown state 'ESTABLISHE'");
        Cli.Result strict = run("states", "--input", plain.toString(), "--strict");
        assertThat(strict.code()).isEqualTo(4);
        assertThat(strict.err()).startsWith("tcpdoctor: " + plain + ":1503: unknown state 'ESTABLISHE'");
        Cli.Result v6 = run("states", "--input", plain.toString(), "-6", "--state", "time-wait", "-o", "json");
        Cli.Result v6stdin = viaStdin(plain, "states", "-6", "--state", "time-wait", "-o", "json");
        assertThat(json(v6.out()).get("total").asLong()).isPositive().isEqualTo(json(v6stdin.out()).get("total").asLong());
    }

    /**
     * One rule for every input: the byte counter counts all of it or the line reader reads all of it from its first
     * line. A file, a gzip file, standard input and gzip on standard input give what the line reader alone gives
     * (states --by reads rows, so it always takes the line reader), whether the capture mixes formats early, late
     * (several work units in, while standard input is still being copied) or not at all.
     */
    @Test
    void everyInputIsCountedWholeOrReadWhole() throws IOException {
        String ss = "[root@db01 ~]# ss -tan\nState      Recv-Q Send-Q Local Address:Port  Peer Address:Port\n"
                + "CLOSE-WAIT 1      0      10.0.3.15:41008     10.0.3.20:3306\n[root@db01 ~]# netstat -antp\n";
        int lateRows = 2 * (3 * FastNetstatCounter.CHUNK / 80 + 2000);
        List<Path> captures = List.of(bigCapture("one.txt", ""), bigCapture("early.txt", ss, 3000),
                bigCapture("late.txt", ss, lateRows));
        for (Path f : captures) {
            Path gz = tmp.resolve(f.getFileName() + ".gz");
            try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
                o.write(Files.readAllBytes(f));
            }
            JsonNode lineReader = json(run("states", "--by", "local-port", "--input", f.toString(), "-o", "json").out());
            JsonNode want = lineReader.get("states");
            String n = f.getFileName().toString();
            assertThat(lineReader.get("total").asLong()).isEqualTo(n.equals("one.txt") ? 3000 : n.equals("early.txt") ? 3001 : lateRows + 1);
            for (Cli.Result r : List.of(run("states", "--input", f.toString(), "-o", "json"), viaStdin(f, "states", "-o", "json"),
                    run("states", "--input", gz.toString(), "-o", "json"), viaStdin(gz, "states", "-o", "json"))) {
                assertThat(r.code()).as(f + ": " + r.err()).isZero();
                assertThat(json(r.out()).get("states")).as(f.toString()).isEqualTo(want);
                assertThat(r.err()).as(f.toString()).doesNotContain("skipped");
            }
        }
        assertThat(Files.size(captures.get(2)) / 2).isGreaterThan(3L * FastNetstatCounter.CHUNK);
    }

    /**
     * A capture piped into a separate process is counted as the file is, whether the byte counter counts it (plain)
     * or declines part way and the line reader reads the copy again (mixed), and also when no temporary file can be
     * made (the line reader then reads standard input as it comes).
     */
    @Test
    void pipedIntoAProcessWithAndWithoutATemporaryDirectory() throws Exception {
        String ss = "[root@db01 ~]# ss -tan\nState      Recv-Q Send-Q Local Address:Port  Peer Address:Port\n"
                + "CLOSE-WAIT 1      0      10.0.3.15:41008     10.0.3.20:3306\n[root@db01 ~]# netstat -antp\n";
        for (Path f : List.of(bigCapture("piped-plain.txt", "", 30_000), bigCapture("piped-mixed.txt", ss, 30_000))) {
            assertThat(Files.size(f)).isGreaterThan(2L * Spool.BLOCK);
            JsonNode want = json(run("states", "--by", "local-port", "--input", f.toString(), "-o", "json").out()).get("states");
            for (String tmpdir : List.of(tmp.toString(), tmp.resolve("no-such-directory").toString())) {
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED", "-Xmx64m", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmpdir,
                        "-cp", System.getProperty("java.class.path"), "io.tcpdoctor.Main", "states", "-i", "-", "-o", "json")
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                try (OutputStream in = p.getOutputStream()) {
                    Files.copy(f, in);
                }
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as(f + " with java.io.tmpdir=" + tmpdir).isZero();
                assertThat(json(out).get("states")).as(f + " with java.io.tmpdir=" + tmpdir).isEqualTo(want);
            }
        }
    }
}
