package io.tcpdoctor.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.model.TcpState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Real pastes are messy: every fixture again with CRLF, tabs, prompts, garbage and a cut last line. */
class DamagedCaptureTest {
    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("netstat/netstat-an.txt", CaptureFormat.NETSTAT),
                Arguments.of("netstat/netstat-antp.txt", CaptureFormat.NETSTAT),
                Arguments.of("netstat/netstat-antpe.txt", CaptureFormat.NETSTAT),
                Arguments.of("netstat/netstat-antpo.txt", CaptureFormat.NETSTAT),
                Arguments.of("netstat/netstat-antW.txt", CaptureFormat.NETSTAT),
                Arguments.of("netstat/netstat-nap.txt", CaptureFormat.NETSTAT),
                Arguments.of("netstat/netstat-antp-redacted.txt", CaptureFormat.NETSTAT),
                Arguments.of("ss/ss-tan.txt", CaptureFormat.SS),
                Arguments.of("ss/ss-tanp.txt", CaptureFormat.SS),
                Arguments.of("ss/ss-tanpoei.txt", CaptureFormat.SS),
                Arguments.of("ss/ss-tanm.txt", CaptureFormat.SS),
                Arguments.of("ss/ss-tulnp.txt", CaptureFormat.SS),
                Arguments.of("ss-s/ss-s.txt", CaptureFormat.SS_SUMMARY),
                Arguments.of("proc/proc-net-tcp.txt", CaptureFormat.PROC),
                Arguments.of("counts/awk-nf.txt", CaptureFormat.COUNTS),
                Arguments.of("counts/uniq-c.txt", CaptureFormat.COUNTS),
                Arguments.of("counts/ss-uniq-c.txt", CaptureFormat.COUNTS),
                Arguments.of("windows/netstat-an.txt", CaptureFormat.WINDOWS),
                Arguments.of("windows/netstat-ano.txt", CaptureFormat.WINDOWS),
                Arguments.of("windows/netstat-anob.txt", CaptureFormat.WINDOWS),
                Arguments.of("windows/netstat-ano-zh.txt", CaptureFormat.WINDOWS),
                Arguments.of("windows/netstat-ano-de.txt", CaptureFormat.WINDOWS),
                Arguments.of("windows/netstat-ano-de-cp850.txt", CaptureFormat.WINDOWS),
                Arguments.of("powershell/get-nettcpconnection.txt", CaptureFormat.POWERSHELL),
                Arguments.of("bsd/macos-netstat-an-p-tcp.txt", CaptureFormat.BSD),
                Arguments.of("bsd/macos-netstat-anv.txt", CaptureFormat.BSD),
                Arguments.of("bsd/freebsd-netstat-an.txt", CaptureFormat.BSD),
                Arguments.of("ipvsadm/ipvsadm-Lnc.txt", CaptureFormat.IPVS));
    }

    /** The fixture as text, whatever its encoding (UTF-16 with BOM, UTF-8, code page bytes read as UTF-8). */
    static String text(String fixture) {
        StringBuilder b = new StringBuilder();
        try (LineReader in = new LineReader(new ByteArrayInputStream(Parsed.resource(fixture)))) {
            String l;
            while ((l = in.readLine()) != null) {
                b.append(l).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toString();
    }

    private static Parsed parse(String text) {
        return Parsed.of(text.getBytes(StandardCharsets.UTF_8), null);
    }

    private static void assertSame(Parsed got, Parsed want) {
        assertThat(got.sockets).isEqualTo(want.sockets);
        assertThat(got.counts().nonZero()).isEqualTo(want.counts().nonZero());
        assertThat(got.ipvs).isEqualTo(want.ipvs);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void detectedWithoutFlags(String fixture, CaptureFormat format) {
        Parsed p = Parsed.of(fixture);
        assertThat(p.summary.formats()).containsExactly(format);
        Parsed forced = Parsed.of(Parsed.resource(fixture), format);
        assertSame(forced, p);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void crlfLineEnds(String fixture, CaptureFormat format) {
        String t = text(fixture);
        Parsed want = parse(t);
        Parsed got = parse(t.replace("\n", "\r\n"));
        assertSame(got, want);
        assertThat(got.skips).isEqualTo(want.skips);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void tabsInsteadOfAlignment(String fixture, CaptureFormat format) {
        String t = text(fixture);
        Parsed want = parse(t);
        Parsed got = parse(t.replaceAll(" {2,}", "\t"));
        assertSame(got, want);
        assertThat(got.skips).hasSameSizeAs(want.skips);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void promptAndCommandLineAround(String fixture, CaptureFormat format) {
        String t = text(fixture);
        Parsed want = parse(t);
        Parsed got = parse("[root@db01 ~]# some-command --with-args | head -50\n" + t + "[root@db01 ~]# \n");
        assertSame(got, want);
        assertThat(got.skips).hasSameSizeAs(want.skips);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void garbageLineIsSkippedWithItsLineNumber(String fixture, CaptureFormat format) {
        List<String> lines = new ArrayList<>(text(fixture).lines().toList());
        Parsed want = parse(String.join("\n", lines) + "\n");
        int at = Math.min(4, lines.size());
        lines.add(at, "@@ pasted from the ticket @@ see attachment 2");
        Parsed got = parse(String.join("\n", lines) + "\n");
        assertSame(got, want);
        assertThat(got.skips).hasSize(want.skips.size() + 1);
        assertThat(got.skips).anySatisfy(s -> {
            assertThat(s.line()).isEqualTo(at + 1);
            assertThat(s.text()).contains("@@ pasted");
        });
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void truncatedLastLineLosesAtMostThatLine(String fixture, CaptureFormat format) {
        List<String> lines = new ArrayList<>(text(fixture).lines().toList());
        while (!lines.isEmpty() && lines.getLast().isBlank()) {
            lines.removeLast();
        }
        Parsed want = parse(String.join("\n", lines) + "\n");
        String last = lines.removeLast();
        Parsed without = parse(String.join("\n", lines) + "\n");
        lines.add(last.substring(0, last.length() * 2 / 5));
        Parsed got = parse(String.join("\n", lines));
        // Everything before the cut line reads as before; the cut line is either used, ignored or reported.
        assertThat(got.sockets.size()).isBetween(without.sockets.size(), want.sockets.size());
        assertThat(keys(got.sockets.subList(0, without.sockets.size()))).isEqualTo(keys(without.sockets));
        assertThat(got.skips.size()).isBetween(without.skips.size(), without.skips.size() + 1);
        if (got.skips.size() > without.skips.size()) {
            assertThat(got.skips.getLast().line()).isEqualTo(lines.size());
        }
    }

    /** State and endpoints: what a cut continuation line (ss -i details) cannot change. */
    private static List<String> keys(List<io.tcpdoctor.model.SocketRecord> rs) {
        return rs.stream().map(r -> r.state() + " " + r.local() + " " + r.remote()).toList();
    }

    @Test
    void truncatedNetstatRowIsReported() {
        String t = text("netstat/netstat-antp.txt");
        String cut = t.substring(0, t.stripTrailing().length() - 40);
        Parsed p = parse(cut);
        assertThat(p.sockets).hasSize(22);
        assertThat(p.skips).singleElement().satisfies(s -> {
            assertThat(s.line()).isEqualTo(25);
            assertThat(s.why()).contains("truncated");
        });
    }

    @Test
    void notACapture() {
        for (String f : List.of("garbage/nginx-access-log.txt", "garbage/sysctl.conf")) {
            Parsed p = Parsed.of(f);
            assertThat(p.summary.recognized()).as(f).isZero();
            assertThat(p.counts().total()).isZero();
        }
    }

    @Test
    void overlongLineIsCutAndReported() {
        String row = "tcp        0      0 10.0.3.15:80            10.0.3.1:52311          TIME_WAIT   -\n";
        String huge = "tcp " + "x".repeat(3 * LineReader.MAX_LINE) + "\n";
        Parsed p = parse(row + huge + row);
        assertThat(p.count(TcpState.TIME_WAIT)).isEqualTo(2);
        assertThat(p.skips).singleElement().satisfies(s -> {
            assertThat(s.line()).isEqualTo(2);
            assertThat(s.why()).contains("longer than");
        });
    }
}
