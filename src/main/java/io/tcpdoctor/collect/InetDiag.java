package io.tcpdoctor.collect;

import io.tcpdoctor.model.Addresses;
import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpInfo;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.TimerKind;
import java.nio.ByteBuffer;
import java.util.Arrays;
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

    /**
     * The older request (struct inet_diag_req, 60 bytes) that {@code ss} sends when it wants both families: the
     * kernel answers it with one walk of the socket tables for IPv4 and IPv6 together, where the family request
     * ({@link #SOCK_DIAG_BY_FAMILY}) walks them once per family. Answers carry this type.
     */
    public static final int TCPDIAG_GETSOCK = 18;
    /** The family of a request for both families (the older request only). */
    public static final int AF_UNSPEC = 0;
    private static final int COMPAT_REQ_LEN = 16 + 60;

    /**
     * Writes a dump request into buf, for one family or, with {@link #AF_UNSPEC}, for both (the older request);
     * returns its length.
     */
    public static int dumpRequest(ByteBuffer buf, int seq, int family, int stateMask, boolean withInfo) {
        boolean both = family == AF_UNSPEC;
        int len = both ? COMPAT_REQ_LEN : REQ_LEN;
        for (int i = 0; i < len; i++) {
            buf.put(i, (byte) 0);
        }
        buf.putInt(0, len);
        buf.putShort(4, (short) (both ? TCPDIAG_GETSOCK : SOCK_DIAG_BY_FAMILY));
        buf.putShort(6, (short) (NetlinkSocket.NLM_F_REQUEST | NetlinkSocket.NLM_F_DUMP));
        buf.putInt(8, seq);
        buf.putInt(12, 0);
        byte ext = (byte) (withInfo ? 1 << (INET_DIAG_INFO - 1) : 0);
        if (both) {
            // inet_diag_req: family, src_len, dst_len, ext, sockid (48), states, dbs
            buf.put(19, ext);
            buf.putInt(16 + 52, stateMask);
        } else {
            // inet_diag_req_v2: family, protocol, ext, pad, states, sockid (48)
            buf.put(16, (byte) family);
            buf.put(17, (byte) IPPROTO_TCP);
            buf.put(18, ext);
            buf.putInt(20, stateMask);
        }
        return len;
    }

    /** True for the type of an answer to a dump request. */
    private static boolean answer(int type) {
        return type == SOCK_DIAG_BY_FAMILY || type == TCPDIAG_GETSOCK;
    }

    /** Length of struct inet_diag_sockid (ports, addresses, interface, cookie) inside inet_diag_msg. */
    public static final int SOCKID_LEN = 48;

    /** Copies the socket id of one answer message: what a SOCK_DESTROY request names the socket by. */
    public static byte[] sockId(byte[] buf, int off) {
        return Arrays.copyOfRange(buf, off + P + 4, off + P + 4 + SOCKID_LEN);
    }

    /** The address family byte of one answer message. */
    public static int family(byte[] buf, int off) {
        return NativeBytes.u8(buf, off + P);
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
    public static void countInto(byte[] buf, int off, StateCounts counts) {
        TcpState s = TcpState.fromKernel(NativeBytes.u8(buf, off + P + 1));
        if (s != null) {
            counts.add(s);
        }
    }

    /** Decodes one answer message into a record; {@code users} (nullable) names uids. */
    public static SocketRecord decode(byte[] buf, int off, int len, UidNames users) {
        return decode(buf, off, len, users, new RecentEndpoints());
    }

    /** Decodes one answer message, reusing the endpoints of the previous one where they are the same. */
    public static SocketRecord decode(byte[] buf, int off, int len, UidNames users, RecentEndpoints recent) {
        int p = off + P;
        int family = NativeBytes.u8(buf, p);
        TcpState state = TcpState.fromKernel(NativeBytes.u8(buf, p + 1));
        if (state == null) {
            return null;
        }
        TimerKind timer = TimerKind.fromKernel(NativeBytes.u8(buf, p + 2));
        int retrans = NativeBytes.u8(buf, p + 3);
        int sport = NativeBytes.u16be(buf, p + 4);
        int dport = NativeBytes.u16be(buf, p + 6);
        boolean v6 = family == AF_INET6;
        int alen = v6 ? 16 : 4;
        Endpoint local = recent.local(buf, p + 8, alen, sport);
        Endpoint remote = recent.remote(buf, p + 24, alen, dport);
        long expires = NativeBytes.u32(buf, p + 52);
        long rq = NativeBytes.u32(buf, p + 56);
        long wq = NativeBytes.u32(buf, p + 60);
        int uid = NativeBytes.i32(buf, p + 64);
        long inode = NativeBytes.u32(buf, p + 68);
        TcpInfo info = null;
        int a = p + MSG_LEN;
        int end = off + len;
        while (a + 4 <= end) {
            int attrLen = NativeBytes.u16(buf, a);
            int attrType = NativeBytes.u16(buf, a + 2);
            if (attrLen < 4 || a + attrLen > end) {
                break;
            }
            if (attrType == INET_DIAG_INFO && attrLen - 4 >= 72) {
                int t = a + 4;
                info = new TcpInfo(
                        NativeBytes.u32(buf, t + 44),
                        NativeBytes.u32(buf, t + 52),
                        NativeBytes.u32(buf, t + 56),
                        NativeBytes.u32(buf, t + 68),
                        NativeBytes.i32(buf, t + 24));
            }
            a += (attrLen + 3) & ~3;
        }
        return new SocketRecord(v6, state, local, remote, rq, wq, timer, timer == TimerKind.OFF ? 0 : expires, retrans,
                uid, inode, users == null ? null : users.name(uid), null, info);
    }

    /** Runs one dump on an open socket, passing each record to the sink. */
    public static void dump(NetlinkSocket nl, int family, int stateMask, boolean withInfo, UidNames users,
                            Consumer<SocketRecord> sink) {
        ByteBuffer req = nl.requestBuffer(COMPAT_REQ_LEN);
        nl.send(req, dumpRequest(req, nl.nextSeq(), family, stateMask, withInfo));
        RecentEndpoints recent = new RecentEndpoints();
        nl.receiveDump((buf, off, len, type) -> {
            if (answer(type)) {
                SocketRecord r = decode(buf, off, len, users, recent);
                if (r != null) {
                    sink.accept(r);
                }
            }
        });
    }

    /** Runs one count-only dump on an open socket. */
    public static void count(NetlinkSocket nl, int family, int stateMask, StateCounts counts) {
        ByteBuffer req = nl.requestBuffer(COMPAT_REQ_LEN);
        nl.send(req, dumpRequest(req, nl.nextSeq(), family, stateMask, false));
        nl.receiveDump((buf, off, len, type) -> {
            if (answer(type)) {
                countInto(buf, off, counts);
            }
        });
    }
}
