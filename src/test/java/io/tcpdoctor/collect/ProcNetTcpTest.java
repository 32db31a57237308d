package io.tcpdoctor.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.TimerKind;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcNetTcpTest {
    // Rows as the kernel prints them (x86_64, USER_HZ 100).
    static final String LISTEN4 =
            "   0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 23456 1 0000000000000000 100 0 0 10 0";
    static final String TW4 =
            "   5: 0100007F:A2EA 0200007F:0CEA 06 00000000:00000000 03:0000107C 00000000     0        0 0 3 00000000d898e14c";
    static final String CW6 =
            "   1: 0000000000000000FFFF00000100007F:B5C7 0000000000000000FFFF00000100007F:1F90 08 00000000:00000001 00:00000000 00000000  1000        0 998877 1 0000000000000000 20 4 30 10 -1";
    static final String EST6 =
            "   2: B80D0120000000000000000001000000:01BB B80D0120000000000000000002000000:C350 01 00000010:00000020 02:00000BB8 00000002    33        0 4455 2 0000000000000000 20 4 30 10 -1";

    @Test
    void decodesIpv4Rows() {
        SocketRecord l = ProcNetTcp.parse(LISTEN4, null);
        assertThat(l.state()).isEqualTo(TcpState.LISTEN);
        assertThat(l.local().toString()).isEqualTo("127.0.0.1:3306");
        assertThat(l.remote().toString()).isEqualTo("0.0.0.0:*");
        assertThat(l.inode()).isEqualTo(23456);
        assertThat(l.ipv6()).isFalse();

        SocketRecord tw = ProcNetTcp.parse(TW4, null);
        assertThat(tw.state()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(tw.local().toString()).isEqualTo("127.0.0.1:41706");
        assertThat(tw.remote().toString()).isEqualTo("127.0.0.2:3306");
        assertThat(tw.timer()).isEqualTo(TimerKind.TIMEWAIT);
        assertThat(tw.timerMs()).as("0x107C ticks of 10 ms").isEqualTo(42200);
        assertThat(tw.inode()).isZero();
        assertThat(tw.ownerless()).isTrue();
    }

    @Test
    void decodesIpv6RowsAndShowsMappedIpv4AsIpv4() {
        SocketRecord cw = ProcNetTcp.parse(CW6, UidNames.load(Path.of("/nonexistent")));
        assertThat(cw.ipv6()).isTrue();
        assertThat(cw.proto()).isEqualTo("tcp6");
        assertThat(cw.state()).isEqualTo(TcpState.CLOSE_WAIT);
        assertThat(cw.local().toString()).isEqualTo("127.0.0.1:46535");
        assertThat(cw.recvQ()).isEqualTo(1);
        assertThat(cw.uid()).isEqualTo(1000);
        assertThat(cw.user()).isEqualTo("1000");

        SocketRecord e = ProcNetTcp.parse(EST6, null);
        assertThat(e.local().toString()).isEqualTo("[2001:db8::1]:443");
        assertThat(e.remote().toString()).isEqualTo("[2001:db8::2]:50000");
        assertThat(e.sendQ()).isEqualTo(16);
        assertThat(e.recvQ()).isEqualTo(32);
        assertThat(e.timer()).isEqualTo(TimerKind.KEEPALIVE);
        assertThat(e.timerMs()).isEqualTo(30000);
        assertThat(e.retrans()).isEqualTo(2);
    }

    @Test
    void countOnlyPathReadsTheSameState() {
        for (String row : new String[] {LISTEN4, TW4, CW6, EST6}) {
            assertThat(ProcNetTcp.stateOf(row)).isEqualTo(ProcNetTcp.parse(row, null).state());
        }
        assertThat(ProcNetTcp.stateOf("  sl  local_address rem_address   st tx_queue")).isNull();
        assertThat(ProcNetTcp.stateOf("   0: 0100007F:0CEA 00000000:0000 ZZ 0")).isNull();
        assertThat(ProcNetTcp.isHeader("  sl  local_address rem_address   st")).isTrue();
    }

    @Test
    void byteCounterAgreesWithTheRowParserInChunksOfAnySize() throws Exception {
        byte[] file = Files.readAllBytes(Path.of("src/test/resources/captures/proc/proc-net-tcp.txt"));
        String text = new String(file, StandardCharsets.US_ASCII) + CW6 + "\n" + EST6 + "\n"
                + "   9: 0100007F:0CEA 00000000:0000 ZZ 0\n   9: 0100007F:0CEA 00000000:0000 0A1 0\n" + TW4;
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        io.tcpdoctor.model.StateCounts expected = new io.tcpdoctor.model.StateCounts();
        for (String line : text.split("\n")) {
            TcpState s = ProcNetTcp.stateOf(line);
            if (s != null && s != TcpState.LISTEN) {
                expected.add(s);
            }
        }
        assertThat(expected.total()).isGreaterThan(5);
        java.util.Set<TcpState> notListen = java.util.EnumSet.complementOf(java.util.EnumSet.of(TcpState.LISTEN));
        for (int chunk : new int[] {1, 2, 3, 7, 64, 150, bytes.length}) {
            io.tcpdoctor.model.StateCounts got = new io.tcpdoctor.model.StateCounts();
            ProcNetTcp.StateCounter c = new ProcNetTcp.StateCounter(notListen, got);
            byte[] buf = new byte[chunk];
            for (int at = 0; at < bytes.length; at += chunk) {
                int n = Math.min(chunk, bytes.length - at);
                System.arraycopy(bytes, at, buf, 0, n);
                c.accept(buf, n);
            }
            c.end();
            assertThat(got.nonZero()).as("chunks of " + chunk).isEqualTo(expected.nonZero());
        }
    }

    @Test
    void damagedRowsSayWhatIsWrong() {
        assertThatThrownBy(() -> ProcNetTcp.parse("   0: 0100007F:0CEA", null)).hasMessageContaining("at least 10 fields");
        assertThatThrownBy(() -> ProcNetTcp.parse(LISTEN4.replace("0100007F:0CEA", "0100007:0CEA"), null))
                .hasMessageContaining("bad address");
        assertThatThrownBy(() -> ProcNetTcp.parse(LISTEN4.replace(" 0A ", " 1F "), null)).hasMessageContaining("unknown state");
        assertThatThrownBy(() -> ProcNetTcp.parse(LISTEN4.replace("00000000:00000000", "0000000000000000"), null))
                .hasMessageContaining("tx_queue");
    }

    /** The byte parser on {@code row} placed inside a larger buffer, as the reader finds it. */
    private static SocketRecord fromBytes(String row, UidNames users) {
        byte[] b = ("tail of the previous row\n" + row + "\nnext").getBytes(StandardCharsets.US_ASCII);
        int from = "tail of the previous row\n".length();
        return ProcNetTcp.parse(b, from, from + row.length(), users);
    }

    @Test
    void byteParserGivesWhatTheRowParserGivesForEveryRowTheKernelWrites() throws Exception {
        List<String> rows = new ArrayList<>(List.of(LISTEN4, TW4, CW6, EST6));
        Files.readAllLines(Path.of("src/test/resources/captures/proc/proc-net-tcp.txt")).stream()
                .filter(l -> !ProcNetTcp.isHeader(l) && !l.isBlank()).forEach(rows::add);
        // This machine's own tables, with a listener, a connection and its accepted end of ours in them.
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            for (String name : new String[] {"tcp", "tcp6"}) {
                Path file = Path.of("/proc/net", name);
                if (Files.exists(file)) {
                    Files.readAllLines(file).stream().skip(1).forEach(rows::add);
                }
            }
            assertThat(rows).anyMatch(r -> r.contains(String.format(":%04X ", client.getLocalPort())));
        }
        UidNames users = UidNames.load();
        for (String row : rows) {
            assertThat(fromBytes(row, users)).as(row).isEqualTo(ProcNetTcp.parse(row, users));
        }
        assertThat(rows.size()).isGreaterThan(8);
    }

    /** An address as /proc prints it: each 32-bit word of the address in host (little-endian) order, in hex. */
    private static String procAddress(String address) throws Exception {
        byte[] a = InetAddress.getByName(address).getAddress();
        if (address.startsWith("::ffff:")) {
            // getByName gives the IPv4 address itself; the kernel prints the 16 bytes of an IPv6 socket.
            byte[] m = new byte[16];
            m[10] = (byte) 0xff;
            m[11] = (byte) 0xff;
            System.arraycopy(a, 0, m, 12, 4);
            a = m;
        }
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < a.length; w += 4) {
            for (int k = 3; k >= 0; k--) {
                sb.append(String.format("%02X", a[w + k] & 0xff));
            }
        }
        return sb.toString();
    }

    private static String row(int sl, String local, int lport, String remote, int rport, TcpState state, int uid)
            throws Exception {
        return String.format("%4d: %s:%04X %s:%04X %02X 00000000:00000000 00:00000000 00000000 %5d        0 %d 1 "
                + "0000000000000000 20 4 30 10 -1", sl, procAddress(local), lport, procAddress(remote), rport,
                state.kernel(), uid, 1000 + sl);
    }

    /**
     * Rows parsed one after the other with one RecentEndpoints (as a table is read), each alone, and by the String
     * parser: alike. The endpoints of a row are those of the row before where its bytes are the same.
     */
    private static List<SocketRecord> parseInSequence(List<String> rows, UidNames users) {
        RecentEndpoints recent = new RecentEndpoints();
        List<SocketRecord> seq = new ArrayList<>();
        for (String row : rows) {
            byte[] b = row.getBytes(StandardCharsets.US_ASCII);
            SocketRecord inSequence = ProcNetTcp.parse(b, 0, b.length, users, recent);
            SocketRecord alone = fromBytes(row, users);
            assertThat(inSequence).as(row).isEqualTo(alone);
            if (alone != null) {
                assertThat(inSequence).as(row).isEqualTo(ProcNetTcp.parse(row, users));
                assertThat(inSequence.local().address()).isEqualTo(alone.local().address());
                assertThat(inSequence.remote().address()).isEqualTo(alone.remote().address());
            }
            seq.add(inSequence);
        }
        return seq;
    }

    @Test
    void aRowParsesAsItDoesAloneWhateverCameBefore() throws Exception {
        List<String> rows = List.of(
                row(0, "10.0.0.5", 443, "10.0.9.1", 51000, TcpState.ESTABLISHED, 0),
                // The same local address and port, another peer.
                row(1, "10.0.0.5", 443, "10.0.9.2", 51001, TcpState.ESTABLISHED, 0),
                // The same addresses, other ports.
                row(2, "10.0.0.5", 444, "10.0.9.2", 51002, TcpState.TIME_WAIT, 0),
                // A damaged row between them: its local address is read, its peer's is not.
                row(3, "10.0.0.5", 444, "10.0.9.2", 51002, TcpState.TIME_WAIT, 0).replace("0209000A:", "0209000G:"),
                // IPv6 whose first word is that of 10.0.0.5 (0a00:0005::), then ::1.
                row(4, "a00:5::", 444, "a00:9:2::", 51002, TcpState.ESTABLISHED, 33),
                row(5, "::1", 444, "::1", 51002, TcpState.CLOSE_WAIT, 33),
                // An IPv4-mapped address in an IPv6 socket.
                row(6, "::ffff:10.0.0.5", 8080, "::ffff:10.0.9.2", 40000, TcpState.ESTABLISHED, 33),
                // Back to IPv4 with the bytes the mapped address ends with.
                row(7, "10.0.0.5", 8080, "10.0.9.2", 40000, TcpState.FIN_WAIT2, 0),
                row(8, "10.0.0.6", 8080, "10.0.9.2", 40000, TcpState.FIN_WAIT2, 0));
        List<SocketRecord> rs = parseInSequence(rows, UidNames.load(Path.of("/nonexistent")));
        assertThat(rs.get(1).local().toString()).isEqualTo("10.0.0.5:443");
        assertThat(rs.get(1).remote().toString()).isEqualTo("10.0.9.2:51001");
        assertThat(rs.get(3)).isNull();
        assertThat(rs.get(4).local().toString()).isEqualTo("[a00:5::]:444");
        assertThat(rs.get(4).ipv6()).isTrue();
        assertThat(rs.get(6).local().toString()).isEqualTo("10.0.0.5:8080");
        assertThat(rs.get(6).ipv6()).isTrue();
        assertThat(rs.get(8).local().toString()).isEqualTo("10.0.0.6:8080");
        // Repeated bytes give the same objects (what makes the reuse worth having); changed ones never do.
        assertThat(rs.get(1).local()).isSameAs(rs.get(0).local());
        assertThat(rs.get(2).remote().address()).isSameAs(rs.get(1).remote().address());
        assertThat(rs.get(2).local()).isNotSameAs(rs.get(1).local());
        assertThat(rs.get(4).local().address()).isNotEqualTo(rs.get(2).local().address());
        assertThat(rs.get(7).local().address()).isNotSameAs(rs.get(6).local().address());
    }

    @Test
    void aLongRandomTableParsesAsEachRowAlone() throws Exception {
        java.util.Random rnd = new java.util.Random(42);
        String[] v4 = {"127.0.0.1", "10.0.0.5", "10.0.0.6", "192.168.1.20", "0.0.0.0"};
        String[] v6 = {"::1", "2001:db8::5", "2001:db8::6", "::ffff:10.0.0.5", "::", "fe80::1"};
        int[] ports = {0, 22, 443, 443, 8080, 40000, 65535};
        TcpState[] states = TcpState.values();
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String[] pool = rnd.nextInt(3) == 0 ? v6 : v4;
            // Runs of the same local address, as a server's table has.
            String local = pool[rnd.nextInt(4) == 0 ? rnd.nextInt(pool.length) : 1];
            String remote = pool[rnd.nextInt(pool.length)];
            String r = row(i, local, ports[rnd.nextInt(ports.length)], remote, ports[rnd.nextInt(ports.length)],
                    states[rnd.nextInt(states.length)], rnd.nextInt(3));
            rows.add(rnd.nextInt(500) == 0 ? r.replace(":", "") : r); // now and then a damaged row
        }
        List<SocketRecord> rs = parseInSequence(rows, UidNames.load());
        assertThat(rs).filteredOn(java.util.Objects::nonNull).hasSizeGreaterThan(19_000);
        assertThat(rs).filteredOn(java.util.Objects::isNull).isNotEmpty();
    }

    @Test
    void byteParserSkipsTheHeaderAndDamagedRows() {
        String[] damaged = {
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            "",
            "   0: 0100007F:0CEA",
            LISTEN4.substring(0, LISTEN4.indexOf(" 23456")),
            LISTEN4.replace("   0: ", "   0 "),
            LISTEN4.replace("0100007F:0CEA", "0100007:0CEA"),
            LISTEN4.replace("0100007F:0CEA", "0100007G:0CEA"),
            LISTEN4.replace("0100007F:0CEA", "0100007F0CEA"),
            LISTEN4.replace("0100007F:0CEA", "0100007F:"),
            LISTEN4.replace(" 0A ", " 1F "),
            LISTEN4.replace(" 0A ", " 0Z "),
            LISTEN4.replace("00000000:00000000", "0000000000000000"),
            LISTEN4.replace("00000000:00000000", "00000000:0000000X"),
            LISTEN4.replace("00000000:00000000", "00000000:10000000000000000"),
            LISTEN4.replace("00:00000000", "0000000000"),
            LISTEN4.replace(" 0        0 23456", " x        0 23456"),
            LISTEN4.replace(" 0        0 23456", " 0        0 2345a"),
            LISTEN4.replace(" 0        0 23456", " 99999999999        0 23456"),
        };
        for (String row : damaged) {
            assertThat(fromBytes(row, null)).as(row).isNull();
            assertThatThrownBy(() -> ProcNetTcp.parse(row, null)).as(row).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void kernelCountersFromRealFiles() throws Exception {
        String snmp = Files.readString(Path.of("src/test/resources/proc/snmp"), StandardCharsets.US_ASCII);
        String netstat = Files.readString(Path.of("src/test/resources/proc/netstat"), StandardCharsets.US_ASCII);
        Map<String, Long> s = KernelCounters.parse(snmp);
        Map<String, Long> n = KernelCounters.parse(netstat);
        assertThat(s).containsKeys("Tcp.ActiveOpens", "Tcp.PassiveOpens", "Tcp.CurrEstab", "Tcp.RetransSegs", "Ip.Forwarding");
        assertThat(n).containsKeys("TcpExt.TW", "TcpExt.ListenOverflows", "TcpExt.TCPTimeWaitOverflow", "IpExt.InOctets");
        // Added fields are just more keys; a broken pair is skipped, not fatal.
        Map<String, Long> extra = KernelCounters.parse("TcpExt: A B NewThing\nTcpExt: 1 2 3\nBroken: x y\nOther: 1\n");
        assertThat(extra).containsEntry("TcpExt.NewThing", 3L).hasSize(3);
    }

    @Test
    void kernelCountersSplitWordsAsWhitespaceDoes() throws Exception {
        // This machine's files and the fixtures, and pairs whose words are set apart by runs of blanks, tabs, a
        // form feed, CRLF line ends: the same counters as the text split at whitespace.
        List<String> texts = new ArrayList<>();
        for (String f : List.of("/proc/net/snmp", "/proc/net/netstat")) {
            texts.add(Files.readString(Path.of(f), StandardCharsets.US_ASCII));
        }
        texts.add(Files.readString(Path.of("src/test/resources/proc/snmp"), StandardCharsets.US_ASCII));
        texts.add(Files.readString(Path.of("src/test/resources/proc/netstat"), StandardCharsets.US_ASCII));
        texts.add("Tcp:  A\tB   C\fD \r\nTcp: 1\t 2  3\f4\r\nUdp:\tX\nUdp: -5\n");
        texts.add("Tcp: A B\nTcp: 1 2 3\nIp: F\nIp: 7\n");
        for (String text : texts) {
            assertThat(KernelCounters.parse(text)).as(text.lines().findFirst().orElse(""))
                    .isEqualTo(splitAtWhitespace(text)).isNotEmpty();
        }
        assertThat(KernelCounters.parse(texts.get(4))).containsEntry("Tcp.D", 4L).containsEntry("Udp.X", -5L);
    }

    /** The counters of /proc/net/snmp-style text, read with String.split at whitespace. */
    private static Map<String, Long> splitAtWhitespace(String text) {
        Map<String, Long> m = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            String[] n = lines[i].trim().split("\\s+");
            String[] v = lines[i + 1].trim().split("\\s+");
            if (n.length < 2 || !n[0].endsWith(":") || !n[0].equals(v[0]) || n.length != v.length
                    || Character.isDigit(n[1].charAt(0)) || n[1].charAt(0) == '-') {
                continue;
            }
            for (int k = 1; k < n.length; k++) {
                try {
                    m.put(n[0].substring(0, n[0].length() - 1) + "." + n[k], Long.parseLong(v[k]));
                } catch (NumberFormatException ignored) {
                    // not a counter
                }
            }
            i++;
        }
        return m;
    }
}
