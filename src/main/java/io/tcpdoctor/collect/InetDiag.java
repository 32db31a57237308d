package io.tcpdoctor.collect;

import io.tcpdoctor.model.Addresses;
import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpInfo;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.TimerKind;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * inet_diag (sock_diag) request building and answer decoding. Layouts: request = nlmsghdr (16) +
 * inet_diag_req_v2 (56); answer = nlmsghdr + inet_diag_msg (72) + rtattr attributes.
 */
public final class InetDiag {
    private InetDiag() {
    }

    public static final int SOCK_DIAG_BY_FAMILY = 20;
    public static final int SOCK_DESTROY = 21;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int IPPROTO_TCP = 6;
    public static final int INET_DIAG_INFO = 2;
    public static final int REQ_LEN = 16 + 56;
    /** Offset of inet_diag_msg in a message. */
    private static final int P = NetlinkSocket.NLMSG_HDRLEN;
    private static final int MSG_LEN = 72;

    /** Writes a dump request for one family into buf; returns its length. */
    public static int dumpRequest(ByteBuffer buf, int seq, int family, int stateMask, boolean withInfo) {
        for (int i = 0; i < REQ_LEN; i++) {
            buf.put(i, (byte) 0);
        }
        buf.putInt(0, REQ_LEN);
        buf.putShort(4, (short) SOCK_DIAG_BY_FAMILY);
        buf.putShort(6, (short) (NetlinkSocket.NLM_F_REQUEST | NetlinkSocket.NLM_F_DUMP));
        buf.putInt(8, seq);
        buf.putInt(12, 0);
        buf.put(16, (byte) family);
        buf.put(17, (byte) IPPROTO_TCP);
        buf.put(18, (byte) (withInfo ? 1 << (INET_DIAG_INFO - 1) : 0));
        buf.putInt(20, stateMask);
        return REQ_LEN;
    }

    /** Length of struct inet_diag_sockid (ports, addresses, interface, cookie) inside inet_diag_msg. */
    public static final int SOCKID_LEN = 48;

    /** Copies the socket id of one answer message: what a SOCK_DESTROY request names the socket by. */
    public static byte[] sockId(ByteBuffer buf, int off) {
        byte[] id = new byte[SOCKID_LEN];
        buf.get(off + P + 4, id);
        return id;
    }

    /** The address family byte of one answer message. */
    public static int family(ByteBuffer buf, int off) {
        return buf.get(off + P) & 0xff;
    }

    /**
     * Writes a SOCK_DESTROY request (what {@code ss -K} sends) for one socket: inet_diag_req_v2 with the
     * family, TCP and the socket id from a dump, cookie included, so a socket that reused the same ports since
     * the dump is not hit. Returns its length.
     */
    public static int destroyRequest(ByteBuffer buf, int seq, int family, byte[] sockId) {
        for (int i = 0; i < REQ_LEN; i++) {
            buf.put(i, (byte) 0);
        }
        buf.putInt(0, REQ_LEN);
        buf.putShort(4, (short) SOCK_DESTROY);
        buf.putShort(6, (short) (NetlinkSocket.NLM_F_REQUEST | NetlinkSocket.NLM_F_ACK));
        buf.putInt(8, seq);
        buf.put(16, (byte) family);
        buf.put(17, (byte) IPPROTO_TCP);
        buf.putInt(20, -1);
        buf.put(24, sockId);
        return REQ_LEN;
    }

    /** The count-only decoder: reads the state byte in place and counts it; no object per socket. */
    public static void countInto(ByteBuffer buf, int off, StateCounts counts) {
        TcpState s = TcpState.fromKernel(buf.get(off + P + 1) & 0xff);
        if (s != null) {
            counts.add(s);
        }
    }

    /** Decodes one answer message into a record; {@code users} (nullable) names uids. */
    public static SocketRecord decode(ByteBuffer buf, int off, int len, UidNames users) {
        int p = off + P;
        int family = buf.get(p) & 0xff;
        TcpState state = TcpState.fromKernel(buf.get(p + 1) & 0xff);
        if (state == null) {
            return null;
        }
        TimerKind timer = TimerKind.fromKernel(buf.get(p + 2) & 0xff);
        int retrans = buf.get(p + 3) & 0xff;
        int sport = Short.toUnsignedInt(Short.reverseBytes(buf.getShort(p + 4)));
        int dport = Short.toUnsignedInt(Short.reverseBytes(buf.getShort(p + 6)));
        boolean v6 = family == AF_INET6;
        Endpoint local = Endpoint.of(Addresses.of(address(buf, p + 8, v6)), sport);
        Endpoint remote = Endpoint.of(Addresses.of(address(buf, p + 24, v6)), dport);
        long expires = Integer.toUnsignedLong(buf.getInt(p + 52));
        long rq = Integer.toUnsignedLong(buf.getInt(p + 56));
        long wq = Integer.toUnsignedLong(buf.getInt(p + 60));
        int uid = buf.getInt(p + 64);
        long inode = Integer.toUnsignedLong(buf.getInt(p + 68));
        TcpInfo info = null;
        int a = p + MSG_LEN;
        int end = off + len;
        while (a + 4 <= end) {
            int alen = buf.getShort(a) & 0xffff;
            int atype = buf.getShort(a + 2) & 0xffff;
            if (alen < 4 || a + alen > end) {
                break;
            }
            if (atype == INET_DIAG_INFO && alen - 4 >= 72) {
                int t = a + 4;
                info = new TcpInfo(
                        Integer.toUnsignedLong(buf.getInt(t + 44)),
                        Integer.toUnsignedLong(buf.getInt(t + 52)),
                        Integer.toUnsignedLong(buf.getInt(t + 56)),
                        Integer.toUnsignedLong(buf.getInt(t + 68)),
                        buf.getInt(t + 24));
            }
            a += (alen + 3) & ~3;
        }
        return new SocketRecord(v6, state, local, remote, rq, wq, timer, timer == TimerKind.OFF ? 0 : expires, retrans,
                uid, inode, users == null ? null : users.name(uid), null, info);
    }

    private static byte[] address(ByteBuffer buf, int at, boolean v6) {
        byte[] raw = new byte[v6 ? 16 : 4];
        buf.get(at, raw);
        return raw;
    }

    /** Runs one dump on an open socket, passing each record to the sink. */
    public static void dump(NetlinkSocket nl, int family, int stateMask, boolean withInfo, UidNames users,
                            Consumer<SocketRecord> sink) {
        ByteBuffer req = nl.requestBuffer(REQ_LEN);
        nl.send(req, dumpRequest(req, nl.nextSeq(), family, stateMask, withInfo));
        nl.receiveDump((buf, off, len, type) -> {
            if (type == SOCK_DIAG_BY_FAMILY) {
                SocketRecord r = decode(buf, off, len, users);
                if (r != null) {
                    sink.accept(r);
                }
            }
        });
    }

    /** Runs one count-only dump on an open socket. */
    public static void count(NetlinkSocket nl, int family, int stateMask, StateCounts counts) {
        ByteBuffer req = nl.requestBuffer(REQ_LEN);
        nl.send(req, dumpRequest(req, nl.nextSeq(), family, stateMask, false));
        nl.receiveDump((buf, off, len, type) -> {
            if (type == SOCK_DIAG_BY_FAMILY) {
                countInto(buf, off, counts);
            }
        });
    }
}
