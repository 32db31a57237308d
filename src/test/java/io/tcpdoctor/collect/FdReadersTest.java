package io.tcpdoctor.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.model.SocketRecord;
import java.lang.foreign.Arena;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two readers of fd directories, the JDK's file calls (for a few descriptors) and the native ones, find the same
 * sockets and counts; the owner scan picks the first only while the descriptors are few.
 */
class FdReadersTest {
    @TempDir
    Path proc;

    private static final Path REAL = Path.of("/proc");

    private static Set<Long> inodes(FdReader r, int pid, int[] count) {
        Set<Long> found = new HashSet<>();
        count[0] = r.each(pid, found::add);
        return found;
    }

    @Test
    void bothReadersFindThisProcessSocketsAndCountItsDescriptors() throws Exception {
        int pid = (int) ProcessHandle.current().pid();
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
                Socket accepted = server.accept();
                Arena arena = Arena.ofConfined()) {
            FdReader links = FdLinks.listUpTo(REAL, List.of(pid), Integer.MAX_VALUE - 1);
            FdDirectory direct = new FdDirectory(REAL, arena);
            int[] n1 = new int[1];
            int[] n2 = new int[1];
            Set<Long> a = inodes(links, pid, n1);
            Set<Long> b = inodes(direct, pid, n2);
            // The socket inodes of this JVM's three sockets, as /proc/net/tcp* give them.
            Set<Long> ours = new HashSet<>();
            for (String name : new String[] {"tcp", "tcp6"}) {
                Path file = REAL.resolve("net").resolve(name);
                if (Files.exists(file)) {
                    List<String> table = Files.readAllLines(file);
                    for (String row : table.subList(1, table.size())) {
                        SocketRecord r = ProcNetTcp.parse(row, null);
                        int port = r.local().port();
                        if (port == server.getLocalPort() || port == client.getLocalPort()) {
                            ours.add(r.inode());
                        }
                    }
                }
            }
            assertThat(ours).hasSize(3);
            assertThat(a).containsAll(ours).isEqualTo(b);
            // Descriptors can open and close between the two listings (the test runner's own threads).
            assertThat(n1[0]).isPositive().isCloseTo(n2[0], org.assertj.core.data.Offset.offset(3));
            // The native reader's count (diagnose's, for a process the owner scan did not list) agrees too.
            assertThat(direct.count(pid)).isCloseTo(n1[0], org.assertj.core.data.Offset.offset(3));
        }
    }

    private void process(int pid, String... links) throws Exception {
        Path dir = Files.createDirectories(proc.resolve(pid + "/fd"));
        Files.writeString(proc.resolve(pid + "/comm"), "p" + pid + "\n");
        for (int i = 0; i < links.length; i++) {
            Files.createSymbolicLink(dir.resolve(Integer.toString(i)), Path.of(links[i]));
        }
    }

    @Test
    void bothReadersAgreeOnAnUnreadableDirectoryAndOnStopping() throws Exception {
        // The largest inode a long holds; links longer than any socket's, one cut short by the native reader's
        // 32-byte slot, and one past a long: neither reader takes those.
        process(10, "socket:[1]", "/dev/null", "socket:[2]", "socket:[x]", "socket:[3", "pipe:[4]",
                "socket:[9223372036854775807]", "socket:[12345678901234567890123]",
                "socket:[1234567890123456789012345678901234567890]", "socket:[18446744073709551615]");
        Files.createDirectories(proc.resolve("20"));
        try (Arena arena = Arena.ofConfined()) {
            FdReader links = FdLinks.listUpTo(proc, List.of(10, 20), 100);
            FdDirectory direct = new FdDirectory(proc, arena);
            for (FdReader r : List.of(links, direct)) {
                int[] n = new int[1];
                assertThat(inodes(r, 10, n)).as(r.getClass().getSimpleName()).containsExactlyInAnyOrder(1L, 2L, Long.MAX_VALUE);
                assertThat(n[0]).isEqualTo(10);
                assertThat(r.each(20, i -> true)).isEqualTo(FdReader.UNREADABLE);
                assertThat(r.each(30, i -> true)).isEqualTo(FdReader.UNREADABLE);
                assertThat(r.each(10, i -> false)).isEqualTo(FdReader.STOPPED);
            }
            assertThat(direct.count(10)).isEqualTo(10);
            assertThat(direct.count(20)).isEqualTo(FdReader.UNREADABLE);
        }
        assertThat(FdLinks.listUpTo(proc, List.of(10), 9)).as("10 descriptors are more than 9").isNull();
        assertThat(FdLinks.listUpTo(proc, List.of(10), 10)).isNotNull();
    }

    @Test
    void theScanBesideTheDumpFindsTheSameOwnersAboveTheLimitOfFew() throws Exception {
        // More descriptors than FEW_DESCRIPTORS in all: the native reader; the same tree with few: the JDK's.
        int per = OwnerScanner.FEW_DESCRIPTORS / 2 + 1;
        process(100, IntStream.range(0, per).mapToObj(i -> "socket:[" + (1000 + i) + "]").toArray(String[]::new));
        process(200, IntStream.range(0, per).mapToObj(i -> i % 2 == 0 ? "/dev/null" : "socket:[" + (9000 + i) + "]")
                .toArray(String[]::new));
        OwnerScanner.Found many = new OwnerScanner(proc).start(null, true).finish(new long[] {1000, 1000 + per - 1, 9001, 42});
        assertThat(many.owners()).extracting(o -> o == null ? 0 : o.pid()).containsExactly(100, 100, 200, 0);
        assertThat(many.stats().openFds()).containsEntry(100, per).containsEntry(200, per);

        List<Path> extra = new ArrayList<>();
        try (var s = Files.list(proc.resolve("100/fd"))) {
            s.filter(p -> Integer.parseInt(p.getFileName().toString()) >= 10).forEach(extra::add);
        }
        for (Path p : extra) {
            Files.delete(p);
        }
        OwnerScanner.Found few = new OwnerScanner(proc).start(null, true).finish(new long[] {1000, 1009, 9001, 1010});
        assertThat(few.owners()).extracting(o -> o == null ? 0 : o.pid()).containsExactly(100, 100, 200, 0);
        assertThat(few.stats().openFds()).containsEntry(100, 10).containsEntry(200, per);
    }

    private static boolean needs(SocketRecord r, boolean tcpInfo) {
        return LiveSnapshots.needsNetlink(r.state(), r.recvQ(), tcpInfo);
    }

    @Test
    void theLookAtATableSeesWhatTheParsedRowsShow() throws Exception {
        List<String> rows = new ArrayList<>(List.of(ProcNetTcpTest.LISTEN4, ProcNetTcpTest.TW4, ProcNetTcpTest.EST6,
                ProcNetTcpTest.LISTEN4.replace("00000000:00000000", "00000000:00000003"), ProcNetTcpTest.CW6,
                ProcNetTcpTest.EST6.replace(" 01 ", " 03 "), "   7: 0100007F:0CEA 00000000:0000 ZZ 0"));
        String header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
        // Every subset of the rows, as a table: the look finds a loud row exactly when a parsed row is loud.
        for (int mask = 0; mask < 1 << rows.size(); mask++) {
            StringBuilder t = new StringBuilder(header).append('\n');
            List<SocketRecord> parsed = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if ((mask & 1 << i) != 0) {
                    t.append(rows.get(i)).append('\n');
                    try {
                        parsed.add(ProcNetTcp.parse(rows.get(i), null));
                    } catch (IllegalArgumentException damaged) {
                        // skipped both ways
                    }
                }
            }
            byte[] table = t.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (boolean tcpInfo : new boolean[] {true, false}) {
                boolean expected = parsed.stream().anyMatch(r -> needs(r, tcpInfo));
                assertThat(ProcSource.anyRow(table, (state, rx) -> LiveSnapshots.needsNetlink(state, rx, tcpInfo)))
                        .as("rows " + Integer.toBinaryString(mask) + " tcp_info " + tcpInfo).isEqualTo(expected);
            }
            List<SocketRecord> got = new ArrayList<>();
            ProcSource.rows(table, io.tcpdoctor.model.SocketFilter.all(), null, got::add);
            assertThat(got).isEqualTo(parsed);
        }
    }

    @Test
    void aProcRowNeedsNetlinkOnlyForWhatProcLacks() {
        SocketRecord listen = ProcNetTcp.parse(ProcNetTcpTest.LISTEN4, null);
        SocketRecord queued = ProcNetTcp.parse(ProcNetTcpTest.LISTEN4.replace("00000000:00000000", "00000000:00000003"), null);
        SocketRecord synRecv = ProcNetTcp.parse(ProcNetTcpTest.EST6.replace(" 01 ", " 03 "), null);
        SocketRecord closeWait = ProcNetTcp.parse(ProcNetTcpTest.CW6, null);
        SocketRecord timeWait = ProcNetTcp.parse(ProcNetTcpTest.TW4, null);
        SocketRecord established = ProcNetTcp.parse(ProcNetTcpTest.EST6, null);
        assertThat(queued.recvQ()).isEqualTo(3);
        for (boolean tcpInfo : new boolean[] {true, false}) {
            assertThat(needs(listen, tcpInfo)).isFalse();
            assertThat(needs(queued, tcpInfo)).isTrue();
            assertThat(needs(synRecv, tcpInfo)).isTrue();
            assertThat(needs(timeWait, tcpInfo)).isFalse();
            assertThat(needs(established, tcpInfo)).isFalse();
            assertThat(needs(closeWait, tcpInfo)).isEqualTo(tcpInfo);
        }
    }
}
