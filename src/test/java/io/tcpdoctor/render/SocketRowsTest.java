package io.tcpdoctor.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.TimerKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** list's text rows, written character by character, are the netstat-like columns the header's format describes. */
class SocketRowsTest {
    private static String num(long v) {
        return v < 0 ? "?" : Long.toString(v);
    }

    /** The row as the column format of the header lays it out (the format rows were once printed with). */
    private static String expected(SocketRecord r, int w, boolean owner) {
        String fmt = "%-5s %6s %6s %-" + w + "s %-" + w + "s %-11s %-16s %7s %5s %9s";
        String line = String.format(Locale.ROOT, fmt, r.proto(), num(r.recvQ()), num(r.sendQ()),
                Terminal.field(r.local().toString()), Terminal.field(r.remote().toString()), r.state().name(),
                SocketRows.timer(r), num(r.retrans()), r.uid() < 0 ? "?" : Integer.toString(r.uid()), num(r.inode()));
        return owner ? line + " " + Terminal.field(SocketRows.owner(r)) : line;
    }

    @Test
    void headerIsTheColumnFormat() {
        for (int w : new int[] {1, 5, 21, 22, 47, 60}) {
            String fmt = "%-5s %6s %6s %-" + w + "s %-" + w + "s %-11s %-16s %7s %5s %9s";
            assertThat(SocketRows.TextRows.header(w)).isEqualTo(String.format(Locale.ROOT, fmt, "Proto", "Recv-Q",
                    "Send-Q", "Local Address", "Peer Address", "State", "Timer", "Retrans", "UID", "Inode"));
        }
    }

    private static List<SocketRecord> records() throws Exception {
        Random rnd = new Random(7);
        List<SocketRecord> rs = new ArrayList<>();
        InetAddress[] addrs = {InetAddress.getByName("127.0.0.1"), InetAddress.getByName("10.200.3.255"),
                InetAddress.getByName("0.0.0.0"), InetAddress.getByName("::1"), InetAddress.getByName("2001:db8::1:0:0:1"),
                InetAddress.getByName("fe80::a:b:c:d"), InetAddress.getByName("::")};
        TcpState[] states = TcpState.all();
        for (int i = 0; i < 3000; i++) {
            Endpoint local = Endpoint.of(addrs[rnd.nextInt(addrs.length)], rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(65536));
            Endpoint remote = switch (rnd.nextInt(9)) {
                case 0 -> Endpoint.named("db\u001b[2J.example", 3306);
                case 1 -> Endpoint.named("redacted", -1);
                case 2 -> Endpoint.named("数据库.example", 5432);
                default -> Endpoint.of(addrs[rnd.nextInt(addrs.length)], rnd.nextInt(65536));
            };
            TimerKind timer = rnd.nextInt(6) == 0 ? null : TimerKind.values()[rnd.nextInt(TimerKind.values().length)];
            long timerMs = rnd.nextInt(10) == 0 ? -1 : rnd.nextInt(10) == 0 ? 123_456_789L : rnd.nextInt(120_000);
            Owner owner = switch (rnd.nextInt(7)) {
                case 0 -> null;
                case 1 -> new Owner(-1, "kworker");
                case 2 -> new Owner(4242, null);
                case 3 -> new Owner(77, "evil\u001b]0;x\u0007");
                case 4 -> new Owner(88, "网关-café");
                case 5 -> new Owner(89, "emoji\uD83D\uDE00x");
                default -> new Owner(1 + rnd.nextInt(4_000_000), "java");
            };
            rs.add(new SocketRecord(local.isV6() || remote.isV6(), states[rnd.nextInt(states.length)], local, remote,
                    rnd.nextInt(5) == 0 ? -1 : rnd.nextInt(1 << 20), rnd.nextInt(5) == 0 ? -1 : (long) rnd.nextInt() & 0xffffffffL,
                    timer, timerMs, rnd.nextInt(5) == 0 ? -1 : rnd.nextInt(300), rnd.nextInt(5) == 0 ? -1 : rnd.nextInt(70_000),
                    rnd.nextInt(5) == 0 ? 0 : rnd.nextInt(5) == 0 ? -1 : rnd.nextLong(1L << 33), null, owner, null));
        }
        return rs;
    }

    @Test
    void everyRowIsTheHeaderFormatWithOwnersAndWithout() throws Exception {
        List<SocketRecord> rs = records();
        for (boolean owners : new boolean[] {true, false}) {
            StringWriter text = new StringWriter();
            SocketRows rows = SocketRows.of(Format.TEXT, new PrintWriter(text), owners);
            rs.forEach(rows::row);
            rows.end();
            List<String> lines = text.toString().lines().toList();
            assertThat(lines).hasSize(rs.size() + 1);
            // The address columns are as wide as the widest address among the rows looked at first.
            int w = 21;
            for (SocketRecord r : rs.subList(0, SocketRows.LOOKAHEAD)) {
                w = Math.max(w, Math.max(Terminal.field(r.local().toString()).length(), Terminal.field(r.remote().toString()).length()));
            }
            assertThat(lines.get(0)).startsWith("Proto Recv-Q Send-Q Local Address");
            assertThat(lines.get(0).endsWith(" PID/Program")).isEqualTo(owners || rs.stream().anyMatch(r -> r.owner() != null));
            boolean shown = lines.get(0).endsWith(" PID/Program");
            for (int i = 0; i < rs.size(); i++) {
                assertThat(lines.get(i + 1)).as("row " + i).isEqualTo(expected(rs.get(i), w, shown));
                assertThat(lines.get(i + 1)).doesNotContain("\u001b");
            }
        }
    }

    /** Writes the rows as text, with the owner column, to {@code out}. */
    private static void write(List<SocketRecord> rs, PrintWriter out) {
        SocketRows rows = SocketRows.of(Format.TEXT, out, true);
        rs.forEach(rows::row);
        rows.end();
    }

    @Test
    void anErrorBeforeAnyRowLeavesNoHeaderButAnEmptyTableHasOne() throws Exception {
        // list flushes what it has when the listing fails; before the first row that is nothing.
        StringWriter failed = new StringWriter();
        SocketRows.of(Format.TEXT, new PrintWriter(failed), false).flush();
        assertThat(failed.toString()).isEmpty();
        StringWriter empty = new StringWriter();
        SocketRows.of(Format.TEXT, new PrintWriter(empty), false).end();
        assertThat(empty.toString()).isEqualTo(SocketRows.TextRows.header(21).stripTrailing() + System.lineSeparator());
        // After a row, the rows before the error show under their header.
        StringWriter some = new StringWriter();
        SocketRows rows = SocketRows.of(Format.TEXT, new PrintWriter(some), false);
        SocketRecord r = records().get(0);
        rows.row(r);
        rows.flush();
        assertThat(some.toString().lines().toList()).hasSize(2).first().asString().startsWith("Proto");
    }

    @Test
    void rowsGoAroundTheTerminalFilterOnlyBecauseItWouldChangeNothing() throws Exception {
        List<SocketRecord> rs = records();
        StringWriter plain = new StringWriter();
        write(rs, new PrintWriter(plain));
        // Through the writer every command gets (rows written around its filter)...
        StringWriter around = new StringWriter();
        write(rs, Terminal.protect(new PrintWriter(around)));
        // ...and the plain rows passed through the filter itself.
        StringWriter through = new StringWriter();
        PrintWriter filtered = Terminal.protect(new PrintWriter(through));
        filtered.write(plain.toString());
        filtered.flush();
        assertThat(around.toString()).isEqualTo(plain.toString()).isEqualTo(through.toString());
        assertThat(plain.toString()).contains("evil\\x1b]0;x\\x07").doesNotContain("\u001b");
    }

    @Test
    void rowsGoToStandardOutputAsTheBytesOfTheirText() throws Exception {
        List<SocketRecord> rs = records();
        StringWriter plain = new StringWriter();
        write(rs, new PrintWriter(plain));
        // As every command writes: the terminal filter over standard output's writer, whose rows skip the encoder.
        // Characters written before and after the rows keep their place.
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ByteWriter stdout = new ByteWriter(bytes, 1 << 16);
        Terminal.Protected out = Terminal.protect(stdout);
        out.println("before é");
        write(rs, out);
        out.println("after 网");
        out.flush();
        String expected = "before é" + System.lineSeparator() + plain + "after 网" + System.lineSeparator();
        assertThat(bytes.toByteArray()).isEqualTo(expected.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(plain.toString()).contains(" 88/网关-café\n", "数据库.example:5432 ", "emoji\uD83D\uDE00x");
    }

    @Test
    void numbersAtEveryDigitCountAndAroundTheIntLimitAreWrittenAsLongToStringWritesThem() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        List<Long> values = new ArrayList<>(List.of(0L, (long) Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, 4_294_967_295L,
                4_294_967_296L, Long.MAX_VALUE));
        for (long p = 1; p <= 1_000_000_000_000_000_000L; p *= 10) {
            values.addAll(List.of(p - 1, p, p + 1));
        }
        List<SocketRecord> rs = new ArrayList<>();
        for (long v : values) {
            rs.add(new SocketRecord(false, TcpState.ESTABLISHED, Endpoint.of(lo, (int) (v % 65536)), Endpoint.of(lo, 80),
                    (int) Math.min(v, Integer.MAX_VALUE), v, TimerKind.KEEPALIVE, Math.min(v, 1L << 50), 0, 0, v, null, null, null));
        }
        StringWriter text = new StringWriter();
        write(rs, new PrintWriter(text));
        List<String> lines = text.toString().lines().toList();
        for (int i = 0; i < rs.size(); i++) {
            assertThat(lines.get(i + 1)).as("value %d", values.get(i)).isEqualTo(expected(rs.get(i), 21, true));
        }
    }

    @Test
    void aLoneSurrogateIsWrittenAsTheEncoderWritesIt() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        SocketRecord r = new SocketRecord(false, TcpState.ESTABLISHED, Endpoint.of(lo, 80), Endpoint.of(lo, 5000), 0, 0,
                null, -1, 0, 0, 7, null, new Owner(5, "half\uD800"), null);
        java.io.ByteArrayOutputStream direct = new java.io.ByteArrayOutputStream();
        write(List.of(r), new ByteWriter(direct, 64));
        // What the rows were before they skipped the encoder: the text, through the JDK's UTF-8 writer.
        java.io.ByteArrayOutputStream encoded = new java.io.ByteArrayOutputStream();
        try (PrintWriter e = new PrintWriter(new java.io.OutputStreamWriter(encoded, java.nio.charset.StandardCharsets.UTF_8))) {
            e.print(SocketRows.TextRows.header(21).stripTrailing() + " PID/Program" + System.lineSeparator());
            e.print(expected(r, 21, true) + "\n");
        }
        assertThat(direct.toString(java.nio.charset.StandardCharsets.UTF_8)).endsWith(" 5/half?\n");
        assertThat(direct.toByteArray()).isEqualTo(encoded.toByteArray());
    }
}
