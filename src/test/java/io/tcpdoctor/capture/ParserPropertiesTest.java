package io.tcpdoctor.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.model.IpvsEntry;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** No input makes a parser throw or hang, no line costs more than a bounded amount, both count paths agree. */
class ParserPropertiesTest {
    private static final List<String> TOKENS = List.of("tcp", "tcp6", "tcp4", "tcp46", "TCP", "UDP", "udp", "unix", "0", "1",
            "65535", "99999999999999999999", "127.0.0.1:80", "[::1]:443", ":::*", "*:*", "*.*", "10.0.0.1.22", "0.0.0.0:*",
            "ESTABLISHED", "ESTAB", "TIME_WAIT", "TIME-WAIT", "LISTEN", "LISTENING", "CLOSE_WAIT", "SYN_RECV", "UNCONN",
            "VERBUNDEN", "ABH\u00d6REN", "HERGESTELLT", "TimeWait", "Bound", "users:((\"nginx\",pid=12,fd=3))", "users:((\"",
            "timer:(keepalive,119min,0)", "timer:(", "ino:0", "uid:", "rtt:", "rtt:1/", "lastsnd:9", "1234/java", "-",
            "keepalive", "(7170.23/0/0)", "off", "(", ")", ":", "[", "]", "%", "sl", "0:", "0100007F:1F90", "0A",
            "00000000:00000000", "Proto", "Recv-Q", "Send-Q", "State", "Netid", "Local", "Address", "(state)", "TCP:",
            "(estab", "1,", "timewait", "2/3)", "pro", "expire", "14:59", "LocalAddress", "LocalPort", "------", "[svchost.exe]",
            "\u6d3b\u52a8\u8fde\u63a5", "\t", " ", "   ", "\u00a0", "\u3000", "\u0000", "\ufeff", "\r", "#", "$", "[root@h ~]#");

    @Provide
    Arbitrary<String> rowish() {
        Arbitrary<String> token = Arbitraries.oneOf(Arbitraries.of(TOKENS), Arbitraries.strings().ofMaxLength(12));
        return token.list().ofMaxSize(16).map(ts -> String.join(" ", ts));
    }

    @Provide
    Arbitrary<String> anyLine() {
        return Arbitraries.oneOf(rowish(), Arbitraries.strings().ofMaxLength(200), Arbitraries.strings().all().ofMaxLength(60));
    }

    /** Counts what a parser reports, checking every value it hands out. */
    static final class Checking implements CaptureSink {
        long rows;

        @Override
        public void socket(SocketRecord r) {
            assertThat(r.state()).isNotNull();
            assertThat(r.local()).isNotNull();
            assertThat(r.remote()).isNotNull();
            assertThat(r.local().port()).isBetween(-1, 65535);
            assertThat(r.remote().port()).isBetween(-1, 65535);
            rows++;
        }

        @Override
        public void count(TcpState state, long n) {
            assertThat(n).isNotNegative();
            rows++;
        }

        @Override
        public void ipvs(IpvsEntry e) {
            assertThat(e.state()).isNotBlank();
            rows++;
        }

        @Override
        public void skip(long line, String why, String text) {
            assertThat(why).isNotBlank();
            assertThat(line).isPositive();
        }
    }

    @Property(tries = 300)
    void noParserThrowsOnAnyLines(@ForAll @Size(max = 30) List<@net.jqwik.api.From("anyLine") String> lines) {
        for (CaptureFormat f : CaptureFormat.values()) {
            CaptureParser p = f.parser();
            Checking sink = new Checking();
            long n = 0;
            for (String l : lines) {
                p.line(l, ++n, sink);
            }
            p.finish(sink);
        }
    }

    @Property(tries = 300)
    void readerSurvivesAnyBytes(@ForAll @Size(max = 4000) byte[] bytes, @ForAll boolean withBom) throws IOException {
        byte[] in = bytes;
        if (withBom && bytes.length > 0) {
            in = new byte[bytes.length + 2];
            in[0] = (byte) 0xff;
            in[1] = (byte) 0xfe;
            System.arraycopy(bytes, 0, in, 2, bytes.length);
        }
        for (CaptureFormat forced : new CaptureFormat[] {null, CaptureFormat.NETSTAT, CaptureFormat.SS, CaptureFormat.WINDOWS}) {
            try (LineReader r = new LineReader(new ByteArrayInputStream(in))) {
                CaptureReader.Summary s = CaptureReader.read(r, forced, new Checking());
                assertThat(s.recognized() + s.skipped()).isLessThanOrEqualTo(s.lines() + 0L);
            }
        }
    }

    @Property(tries = 40)
    void longLinesAreCutToABoundedLength(@ForAll @IntRange(min = 0, max = 300_000) int length, @ForAll boolean crlf) throws IOException {
        String huge = "tcp 0 0 " + "9".repeat(length);
        String text = huge + (crlf ? "\r\n" : "\n") + "tail";
        try (LineReader r = new LineReader(new StringReader(text))) {
            String first = r.readLine();
            assertThat(first.length()).isLessThanOrEqualTo(LineReader.MAX_LINE);
            assertThat(r.truncated()).isEqualTo(huge.length() > LineReader.MAX_LINE);
            assertThat(r.readLine()).isEqualTo("tail");
            assertThat(r.readLine()).isNull();
            assertThat(r.number()).isEqualTo(2);
        }
    }

    @Provide
    Arbitrary<String> netstatLine() {
        Arbitrary<String> state = Arbitraries.of("ESTABLISHED", "TIME_WAIT", "CLOSE_WAIT", "LISTEN", "SYN_SENT", "SYN_RECV",
                "FIN_WAIT1", "FIN_WAIT2", "LAST_ACK", "CLOSING", "CLOSE", "VERBUNDEN", "ESTAB", "TIME_WAI", "UNKNOWN", "");
        Arbitrary<String> row = Combinators.combine(Arbitraries.of("tcp", "tcp6", "tcpx", "udp", " tcp"),
                Arbitraries.of("0", "1", "12", "x"), Arbitraries.of("10.0.0.1:80", "::1:8080", "a:b", "noport", "10.0.0.1:",
                        "h\u00e9st:22"), state, Arbitraries.of("", " 1234/java", " -", " 1/php-fpm: pool www", " 0 0 -",
                        "  keepalive (1.00/0/0)", " \u00a0x"), Arbitraries.of(" ", "\t", "   "))
                .as((proto, q, addr, st, tail, sep) -> proto + sep + q + sep + "0" + sep + addr + sep + "10.0.0.2:5" + sep + st + tail);
        Arbitrary<String> other = Arbitraries.of("Active Internet connections (servers and established)",
                "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name",
                "unix  3      [ ]         STREAM     CONNECTED     1057     -", "", "   ", "garbage here", "\u00e4\u00f6\u00fc",
                "tcp        0      0 " + "1".repeat(LineReader.MAX_LINE + 5) + " ESTABLISHED");
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, row), net.jqwik.api.Tuple.of(2, other));
    }

    @Property(tries = 200)
    void fastCountPathAgreesWithTheStreamingReader(@ForAll @Size(max = 60) List<@net.jqwik.api.From("netstatLine") String> lines,
            @ForAll boolean crlf, @ForAll boolean finalNewline, @ForAll @IntRange(min = 1, max = 700) int chunk,
            @ForAll @IntRange(min = 1, max = 3) int threads) throws IOException {
        String text = String.join(crlf ? "\r\n" : "\n", lines) + (finalNewline && !lines.isEmpty() ? "\n" : "");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Parsed streamed = Parsed.of(bytes, CaptureFormat.NETSTAT);
        FastNetstatCounter.Result fast = FastNetstatCounter.count(FastNetstatCounter.Source.of(bytes), threads, chunk);
        assertThat(fast).isNotNull();
        long[] v4 = new long[TcpState.count()];
        long[] v6 = new long[TcpState.count()];
        for (SocketRecord r : streamed.sockets) {
            (r.ipv6() ? v6 : v4)[r.state().ordinal()]++;
        }
        assertThat(fast.v4()).isEqualTo(v4);
        assertThat(fast.v6()).isEqualTo(v6);
        assertThat(fast.skipped()).isEqualTo(streamed.skips.size());
        List<String> want = new ArrayList<>();
        for (FastNetstatCounter.Skip s : streamed.skips) {
            want.add(s.line() + ":" + s.why());
        }
        List<String> got = new ArrayList<>();
        for (FastNetstatCounter.Skip s : fast.skips()) {
            got.add(s.line() + ":" + s.why());
        }
        assertThat(got).isEqualTo(want.subList(0, Math.min(want.size(), FastNetstatCounter.KEEP_SKIPS)));
        assertThat(fast.lines()).isEqualTo(streamed.summary.lines());
    }

    @Provide
    Arbitrary<String> mixedLine() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(10, netstatLine()),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("[root@db01 ~]# ss -tan", "[root@db01 ~]# netstat -antp", "$ ss -tanp | grep 80",
                        "State      Recv-Q Send-Q Local Address:Port  Peer Address:Port",
                        "ESTAB      0      0      10.0.3.15:41006     10.0.3.20:3306",
                        "CLOSE-WAIT 1      0      [::1]:41008         [::1]:3306",
                        "Active Internet connections (servers and established)")));
    }

    /** A plain netstat start long enough for detection, then the given lines. */
    private static byte[] plainStartThen(List<String> tail) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < CaptureReader.DETECT_LINES + 20; i++) {
            b.append(String.format("%-5s %6d %6d %-23s %-23s %-11s %s%n", i % 5 == 0 ? "tcp6" : "tcp", 0, 0, "10.0.0." + i % 250 + ":8080",
                    "172.16.0.1:" + (40000 + i), i % 2 == 0 ? "TIME_WAIT" : "ESTABLISHED", "-"));
        }
        tail.forEach(l -> b.append(l).append('\n'));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Counts and skipped lines of a count-path result plus the line reader's part, against the line reader alone. */
    private static void assertSameAsLineReader(byte[] bytes, FastNetstatCounter.Result counted, Parsed rest) {
        Parsed want = Parsed.of(bytes, null);
        long[] got4 = counted.v4().clone();
        long[] got6 = counted.v6().clone();
        for (SocketRecord s : rest.sockets) {
            (s.ipv6() ? got6 : got4)[s.state().ordinal()]++;
        }
        long[] want4 = new long[TcpState.count()];
        long[] want6 = new long[TcpState.count()];
        for (SocketRecord s : want.sockets) {
            (s.ipv6() ? want6 : want4)[s.state().ordinal()]++;
        }
        assertThat(got4).isEqualTo(want4);
        assertThat(got6).isEqualTo(want6);
        List<String> got = new ArrayList<>();
        counted.skips().forEach(x -> got.add(x.line() + ":" + x.why()));
        rest.skips.forEach(x -> got.add(x.line() + ":" + x.why()));
        List<String> wanted = new ArrayList<>();
        want.skips.forEach(x -> wanted.add(x.line() + ":" + x.why()));
        assertThat(got).isEqualTo(wanted);
    }

    /** What the count path reports: its count of the whole input, or, declined, the line reader's of all of it. */
    private static void assertWholeOrDeclined(byte[] bytes, FastNetstatCounter.Result r, List<String> tail) throws IOException {
        Parsed rest = new Parsed();
        FastNetstatCounter.Result counted = r;
        if (r == null) {
            // Declined: the whole input goes to the line reader, from its first line.
            try (LineReader lr = new LineReader(new ByteArrayInputStream(bytes))) {
                CaptureReader.read(lr, null, rest);
            }
            counted = new FastNetstatCounter.Result(new long[TcpState.count()], new long[TcpState.count()], List.of(), 0, 0, 0);
        }
        // A plain netstat capture is always counted, never declined.
        if (tail.isEmpty()) {
            assertThat(r).isNotNull();
        }
        assertSameAsLineReader(bytes, counted, rest);
    }

    @Property(tries = 150)
    void fileCountIsWholeOrDeclined(@ForAll @Size(max = 80) List<@net.jqwik.api.From("mixedLine") String> tail,
            @ForAll @IntRange(min = 1, max = 3000) int chunk, @ForAll @IntRange(min = 1, max = 3) int threads) throws IOException {
        byte[] bytes = plainStartThen(tail);
        assertWholeOrDeclined(bytes, FastNetstatCounter.count(FastNetstatCounter.Source.of(bytes), threads, chunk), tail);
    }

    @Property(tries = 150)
    void streamCountIsWholeOrDeclined(@ForAll @Size(max = 80) List<@net.jqwik.api.From("mixedLine") String> tail,
            @ForAll @IntRange(min = 0, max = 30_000) int headCut, @ForAll @IntRange(min = 1, max = 3000) int chunk) throws IOException {
        byte[] bytes = plainStartThen(tail);
        int k = Math.min(headCut, bytes.length);
        java.io.InputStream in = new ByteArrayInputStream(bytes, k, bytes.length - k);
        assertWholeOrDeclined(bytes, FastNetstatCounter.countStream(in, java.util.Arrays.copyOf(bytes, k), k, chunk), tail);
    }

    /**
     * Standard input copied as it arrives gives back every byte, read as a stream from the first byte or at any
     * position, whatever the block size of the copy.
     */
    @Property(tries = 30)
    void spoolGivesBackEveryByte(@ForAll @IntRange(min = 0, max = 300_000) int size,
            @ForAll @IntRange(min = 1, max = 70_000) int block, @ForAll @IntRange(min = 0, max = 300_000) int at) throws IOException {
        byte[] all = new byte[size];
        new java.util.Random(size).nextBytes(all);
        try (Spool s = Spool.of(new ByteArrayInputStream(all), block)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1000);
            int pos = Math.min(at, size);
            int n = s.source().read(pos, b, 1000);
            assertThat(n).isEqualTo(Math.min(1000, size - pos));
            assertThat(java.util.Arrays.copyOf(b.array(), n)).isEqualTo(java.util.Arrays.copyOfRange(all, pos, pos + n));
            assertThat(s.stream().readAllBytes()).isEqualTo(all);
            assertThat(s.source().size()).isEqualTo(size);
        }
    }

    /** The copy of standard input, counted while it arrives, counts what the whole bytes count, or declines alike. */
    @Property(tries = 150)
    void countWhileArrivingIsTheWholeCount(@ForAll @Size(max = 80) List<@net.jqwik.api.From("mixedLine") String> tail,
            @ForAll @IntRange(min = 1, max = 3000) int chunk, @ForAll @IntRange(min = 1, max = 3) int threads,
            @ForAll @IntRange(min = 1, max = 5000) int block) throws IOException {
        byte[] bytes = plainStartThen(tail);
        FastNetstatCounter.Result whole = FastNetstatCounter.count(FastNetstatCounter.Source.of(bytes), threads, chunk);
        try (Spool s = Spool.of(new ByteArrayInputStream(bytes), block)) {
            FastNetstatCounter.Result arriving = FastNetstatCounter.count(s.source(), threads, chunk);
            assertWholeOrDeclined(bytes, arriving, tail);
            assertThat(arriving == null).isEqualTo(whole == null);
            if (whole != null) {
                assertThat(arriving.v4()).isEqualTo(whole.v4());
                assertThat(arriving.v6()).isEqualTo(whole.v6());
                assertThat(arriving.lines()).isEqualTo(whole.lines());
                assertThat(arriving.skips()).isEqualTo(whole.skips());
            }
        }
    }
}
