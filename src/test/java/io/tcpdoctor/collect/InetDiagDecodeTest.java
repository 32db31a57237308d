package io.tcpdoctor.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decoding inet_diag answers as a dump does, the endpoints of one record given again to the next where its bytes are
 * the same: every record must decode as it does alone, whatever came before it (a port that changes under the same
 * address, an IPv4 address followed by an IPv6 one that starts with the same bytes, an IPv4-mapped address). The
 * messages are written here field by field, as the kernel lays out struct inet_diag_msg.
 */
class InetDiagDecodeTest {
    private static final int P = NetlinkSocket.NLMSG_HDRLEN;
    private static final int LEN = P + 72;

    /** One answer message: family, state, ports, addresses (4 or 16 bytes, written at the start of their fields). */
    private static byte[] message(int family, TcpState state, int sport, byte[] src, int dport, byte[] dst, int uid) {
        ByteBuffer b = ByteBuffer.allocate(LEN).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, LEN);
        b.putShort(4, (short) InetDiag.SOCK_DIAG_BY_FAMILY);
        b.put(P, (byte) family);
        b.put(P + 1, (byte) state.kernel());
        b.order(ByteOrder.BIG_ENDIAN).putShort(P + 4, (short) sport).putShort(P + 6, (short) dport);
        b.order(ByteOrder.LITTLE_ENDIAN);
        b.put(P + 8, src);
        b.put(P + 24, dst);
        b.putInt(P + 64, uid);
        b.putInt(P + 68, 1000 + sport);
        return b.array();
    }

    /** An address's bytes; {@code ::ffff:a.b.c.d} as the 16 bytes of an IPv4-mapped address (the JDK gives 4). */
    private static byte[] bytes(String literal) throws Exception {
        byte[] a = InetAddress.getByName(literal).getAddress();
        if (literal.startsWith("::ffff:")) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(a, 0, mapped, 12, 4);
            return mapped;
        }
        return a;
    }

    private static byte[] message(int family, TcpState state, int sport, String src, int dport, String dst, int uid)
            throws Exception {
        return message(family, state, sport, bytes(src), dport, bytes(dst), uid);
    }

    /** Each message decoded alone (the public decode starts afresh) and in sequence with one RecentEndpoints, alike. */
    private static List<SocketRecord> decodeBothWays(List<byte[]> messages, UidNames users) {
        RecentEndpoints recent = new RecentEndpoints();
        List<SocketRecord> seq = new ArrayList<>();
        for (byte[] m : messages) {
            SocketRecord alone = InetDiag.decode(m, 0, m.length, users);
            SocketRecord inSequence = InetDiag.decode(m, 0, m.length, users, recent);
            assertThat(inSequence).as("decoded after the one before").isEqualTo(alone);
            assertThat(inSequence.local().address()).isEqualTo(alone.local().address());
            assertThat(inSequence.remote().address()).isEqualTo(alone.remote().address());
            assertThat(inSequence.local().isV6()).isEqualTo(alone.local().isV6());
            seq.add(inSequence);
        }
        return seq;
    }

    @Test
    void aRecordDecodesAsItDoesAloneWhateverCameBefore() throws Exception {
        int v4 = InetDiag.AF_INET;
        int v6 = InetDiag.AF_INET6;
        List<byte[]> ms = List.of(
                message(v4, TcpState.ESTABLISHED, 443, "10.0.0.5", 51000, "10.0.9.1", 0),
                // The same local address and port, another peer.
                message(v4, TcpState.ESTABLISHED, 443, "10.0.0.5", 51001, "10.0.9.2", 0),
                // The same addresses, other ports.
                message(v4, TcpState.TIME_WAIT, 444, "10.0.0.5", 51002, "10.0.9.2", 0),
                // IPv6 whose first four bytes are those of 10.0.0.5 (0a00:0005::), then ::1.
                message(v6, TcpState.ESTABLISHED, 444, "a00:5::", 51002, "a00:9:2::", 33),
                message(v6, TcpState.CLOSE_WAIT, 444, "::1", 51002, "::1", 33),
                // An IPv4-mapped address in an IPv6 socket: an IPv4 address, an IPv6 family.
                message(v6, TcpState.ESTABLISHED, 8080, "::ffff:10.0.0.5", 40000, "::ffff:10.0.9.2", 33),
                // Back to IPv4 with the bytes the mapped address ends with.
                message(v4, TcpState.FIN_WAIT2, 8080, "10.0.0.5", 40000, "10.0.9.2", 0),
                message(v4, TcpState.FIN_WAIT2, 8080, "10.0.0.6", 40000, "10.0.9.2", 0));
        List<SocketRecord> rs = decodeBothWays(ms, UidNames.load(Path.of("/nonexistent")));
        assertThat(rs.get(1).local().toString()).isEqualTo("10.0.0.5:443");
        assertThat(rs.get(1).remote().toString()).isEqualTo("10.0.9.2:51001");
        assertThat(rs.get(2).local().port()).isEqualTo(444);
        assertThat(rs.get(3).local().toString()).isEqualTo("[a00:5::]:444");
        assertThat(rs.get(3).ipv6()).isTrue();
        assertThat(rs.get(5).local().toString()).isEqualTo("10.0.0.5:8080");
        assertThat(rs.get(5).ipv6()).isTrue();
        assertThat(rs.get(7).local().toString()).isEqualTo("10.0.0.6:8080");
        // Repeated bytes give the same objects (what makes the reuse worth having); changed ones never do.
        assertThat(rs.get(1).local()).isSameAs(rs.get(0).local());
        assertThat(rs.get(2).remote().address()).isSameAs(rs.get(1).remote().address());
        assertThat(rs.get(2).local()).isNotSameAs(rs.get(1).local());
        assertThat(rs.get(3).local().address()).isNotEqualTo(rs.get(2).local().address());
        assertThat(rs.get(6).local().address()).isNotSameAs(rs.get(5).local().address());
    }

    @Test
    void aLongRandomDumpDecodesAsEachMessageAlone() throws Exception {
        Random rnd = new Random(42);
        String[] v4 = {"127.0.0.1", "10.0.0.5", "10.0.0.6", "192.168.1.20", "0.0.0.0"};
        String[] v6 = {"::1", "2001:db8::5", "2001:db8::6", "::ffff:10.0.0.5", "::", "fe80::1"};
        int[] ports = {0, 22, 443, 443, 8080, 40000, 65535};
        TcpState[] states = TcpState.values();
        List<byte[]> ms = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            boolean six = rnd.nextInt(3) == 0;
            String[] pool = six ? v6 : v4;
            // Runs of the same local address, as a server's table has.
            String src = pool[rnd.nextInt(4) == 0 ? rnd.nextInt(pool.length) : 1];
            String dst = pool[rnd.nextInt(pool.length)];
            TcpState s = states[rnd.nextInt(states.length)];
            ms.add(message(six ? InetDiag.AF_INET6 : InetDiag.AF_INET, s, ports[rnd.nextInt(ports.length)], src,
                    ports[rnd.nextInt(ports.length)], dst, rnd.nextInt(3)));
        }
        assertThat(decodeBothWays(ms, UidNames.load(Path.of("/nonexistent")))).hasSize(ms.size());
    }

    @TempDir
    Path dir;

    @Test
    void usersAreNamedRightWhileTwoThreadsAlternateBetweenThem() throws Exception {
        Path passwd = Files.writeString(dir.resolve("passwd"),
                "root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n"
                        + "mysql:x:107:113::/nonexistent:/bin/false\n");
        UidNames users = UidNames.load(passwd);
        String[] expected = {"root", null, "www-data", "mysql"};
        int[] uids = {0, -1, 33, 107};
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int seed = t;
                Callable<Integer> c = () -> {
                    Random rnd = new Random(seed);
                    for (int i = 0; i < 200_000; i++) {
                        int k = rnd.nextInt(uids.length + 1);
                        String got = users.name(k == uids.length ? 4242 : uids[k]);
                        String want = k == uids.length ? "4242" : expected[k];
                        if (!java.util.Objects.equals(got, want)) {
                            throw new AssertionError("uid " + (k == uids.length ? 4242 : uids[k]) + ": " + got);
                        }
                    }
                    return 0;
                };
                done.add(pool.submit(c));
            }
            for (Future<Integer> f : done) {
                assertThat(f.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
