package io.tcpdoctor.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpdoctor.testing.BigCapture;
import io.tcpdoctor.testing.Cli;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged or non-capture input is bad input (exit 4) with a reason, never "OK, 0 sockets". */
class BadCaptureTest {
    static final Path ANTP = Path.of("src/test/resources/captures/netstat/netstat-antp.txt");

    @TempDir
    Path tmp;

    private byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(data);
        }
        return b.toByteArray();
    }

    @Test
    void corruptAndTruncatedGzipAreBadInput() throws Exception {
        byte[] whole = gzip(Files.readAllBytes(ANTP));
        Path cut = Files.write(tmp.resolve("cut.gz"), Arrays.copyOf(whole, whole.length / 2));
        byte[] flipped = whole.clone();
        for (int i = 20; i < 28; i++) {
            flipped[i] ^= 0x55;
        }
        Path flip = Files.write(tmp.resolve("flip.gz"), flipped);
        for (Path p : new Path[] {cut, flip}) {
            for (String cmd : new String[] {"states", "list", "diagnose"}) {
                Cli.Result r = Cli.run(cmd, "-i", p.toString());
                assertThat(r.code()).as(cmd + " " + p + ": " + r.err()).isEqualTo(4);
                assertThat(r.err()).contains(p + ": corrupt or truncated gzip data").hasLineCount(1);
            }
        }
    }

    @Test
    void listShowsTheRowsReadBeforeTheGzipDataEnds() throws Exception {
        // 600 rows stay within the text renderer's look-ahead; 5,000 rows pass through its row buffer.
        for (int rows : new int[] {600, 5000}) {
            Path plain = BigCapture.netstat(tmp.resolve("rows-" + rows + ".txt"), rows);
            byte[] whole = gzip(Files.readAllBytes(plain));
            Path cut = Files.write(tmp.resolve("rows-" + rows + ".gz"), Arrays.copyOf(whole, whole.length / 2));
            List<String> all = Cli.run("list", "-i", plain.toString()).out().lines().toList();
            Cli.Result r = Cli.run("list", "-i", cut.toString());
            assertThat(r.code()).as(r.err()).isEqualTo(4);
            assertThat(r.err()).contains(cut + ": corrupt or truncated gzip data").hasLineCount(1);
            // The header and whole rows, the same as the first lines of the intact capture's listing.
            List<String> got = r.out().lines().toList();
            assertThat(got.size()).as("rows before the cut").isBetween(rows / 4, rows);
            assertThat(got).isEqualTo(all.subList(0, got.size()));
        }
    }

    @Test
    void nothingRecognisedIsBadInputButAnEmptyTableIsZeroSockets() throws Exception {
        Path notFound = Files.writeString(tmp.resolve("paste.txt"), "[root@web01 ~]# ss -tan\nbash: ss: command not found\n[root@web01 ~]# \n");
        byte[] random = new byte[4096];
        new java.util.Random(7).nextBytes(random);
        Path binary = Files.write(tmp.resolve("core.bin"), random);
        for (Path p : new Path[] {notFound, binary}) {
            for (String cmd : new String[] {"states", "check", "diagnose"}) {
                Cli.Result r = Cli.run(cmd, "-i", p.toString());
                assertThat(r.code()).as(cmd + " " + p).isEqualTo(cmd.equals("check") ? 3 : 4);
                assertThat(r.out()).doesNotContain("OK");
            }
        }
        assertThat(Cli.run("states", "-i", notFound.toString()).err()).contains("is not a capture tcpdoctor can read");
        Path empty = Files.writeString(tmp.resolve("empty-ss.txt"), "$ ss -tan\nState  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n");
        Cli.Result r = Cli.run("states", "-i", empty.toString(), "-o", "json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(new ObjectMapper().readTree(r.out()).get("total").asLong()).isZero();
        Path emptyNetstat = Files.writeString(tmp.resolve("empty-netstat.txt"), "Active Internet connections (servers and established)\n"
                + "Proto Recv-Q Send-Q Local Address           Foreign Address         State\n");
        assertThat(Cli.run("states", "-i", emptyNetstat.toString()).code()).isZero();
    }

    @Test
    void redactedRowsCountByStateWithAWarning() throws Exception {
        Path f = Files.writeString(tmp.resolve("pasted.txt"), "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name\n"
                + "tcp        0      0 10.0.0.5:8080           ...:443                 TIME_WAIT   -\n"
                + "tcp        0      0 ...                     ...                     CLOSE_WAIT  123/java\n"
                + "tcp        0      0 10.x.x.5:8080           10.0.0.9:51000          ESTABLISHED 123/java\n"
                + "tcp        0      0 10.0.0.5:22             10.0.0.6:50000          ESTABLISHED 1/sshd\n");
        Cli.Result r = Cli.run("states", "-i", f.toString(), "-o", "json");
        assertThat(r.code()).isZero();
        var doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("total").asLong()).isEqualTo(4);
        assertThat(doc.get("states").get("CLOSE_WAIT").asLong()).isEqualTo(1);
        assertThat(r.err()).contains("3 socket row(s) with a redacted address (e.g. '...')");
        assertThat(doc.get("warnings").toString()).contains("redacted address");
        // Host names are not redactions.
        assertThat(Cli.run("states", "-i", "src/test/resources/captures/netstat/netstat-an.txt").err()).doesNotContain("redacted");
    }

    @Test
    void utf16WithoutAByteOrderMarkIsRead() throws Exception {
        String text = Files.readString(ANTP);
        Cli.Result plain = Cli.run("states", "-i", ANTP.toString(), "-o", "json");
        for (var cs : new java.nio.charset.Charset[] {StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE}) {
            Path f = Files.write(tmp.resolve("u16-" + cs.name() + ".txt"), text.getBytes(cs));
            Cli.Result r = Cli.run("states", "-i", f.toString(), "-o", "json");
            assertThat(r.code()).as(cs + ": " + r.err()).isZero();
            assertThat(new ObjectMapper().readTree(r.out()).get("states"))
                    .isEqualTo(new ObjectMapper().readTree(plain.out()).get("states"));
        }
        // Bigger than the count path's first look, so the byte-level path must also step aside.
        Path big = BigCapture.netstat(tmp.resolve("big.txt"), 5000);
        Path big16 = Files.write(tmp.resolve("big16.txt"), Files.readString(big).getBytes(StandardCharsets.UTF_16LE));
        assertThat(new ObjectMapper().readTree(Cli.run("states", "-i", big16.toString(), "-o", "json").out()).get("total").asLong())
                .isEqualTo(5000);
    }

    private static boolean isOpen(Path f) throws Exception {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(f.toAbsolutePath());
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    @Test
    void aCaptureCutWhileReadGetsAWarning() throws Exception {
        // The line reader (list keeps rows, so it never takes the count path) reads while the file is truncated.
        for (int attempt = 0; attempt < 5; attempt++) {
            Path f = BigCapture.netstat(tmp.resolve("shrinking-" + attempt + ".txt"), 600_000);
            long size = Files.size(f);
            Cli.Result[] result = new Cli.Result[1];
            Thread reader = new Thread(() -> result[0] = Cli.run("states", "--sport", ">=0", "-i", f.toString()));
            reader.start();
            // Cut the file once the reader has it open (its descriptor shows in /proc/self/fd).
            long deadline = System.currentTimeMillis() + 30_000;
            while (reader.isAlive() && !isOpen(f) && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            if (!reader.isAlive()) {
                continue;
            }
            try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                raf.setLength(size / 4);
            }
            reader.join(120_000);
            assertThat(result[0].err()).contains("the counts may be incomplete").contains(f.toString());
            return;
        }
        throw new AssertionError("the reader always finished before the file could be cut");
    }
}
