package io.tcpdoctor.collect;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A raw netlink socket talking to the kernel: send one request, read the (multipart) answer. Used for
 * sock_diag dumps today; any other request kind (SOCK_DESTROY, multicast listens) goes through the same calls.
 */
public final class NetlinkSocket implements AutoCloseable {
    public static final int NETLINK_SOCK_DIAG = 4;
    public static final int NLMSG_HDRLEN = 16;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final short NLM_F_REQUEST = 0x1;
    public static final short NLM_F_ACK = 0x4;
    public static final short NLM_F_DUMP = 0x300;

    /** The kernel fills at most about 32 KiB per dump message batch; a little more avoids truncation. */
    private static final int RECV_BUFFER = 64 * 1024;

    /** Thrown when netlink (or the requested family) is not available on this kernel. */
    public static class UnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnavailableException(String message) {
            super(message);
        }
    }

    /** The kernel answered a request with an error (the request itself was refused, not the socket or its I/O). */
    public static final class RefusedException extends UnavailableException {
        private static final long serialVersionUID = 1L;

        public RefusedException(String message) {
            super(message);
        }
    }

    /** Receives each message of a multipart answer, in place. */
    @FunctionalInterface
    public interface MessageHandler {
        /**
         * @param buf    the bytes received (native byte order; read with {@link NativeBytes})
         * @param offset where the message header starts
         * @param type   nlmsg_type
         */
        void message(byte[] buf, int offset, int length, int type);
    }

    private final Arena arena;
    private final Libc.Errno errno;
    private final int fd;
    private final MemorySegment recvSeg;
    /**
     * Each batch is copied here in one call and decoded from a Java array: at start-up the decoding runs in the
     * interpreter, where reading a direct buffer costs several calls per field (10k sockets: 70 ms of CPU).
     */
    private final byte[] recvBuf = new byte[RECV_BUFFER];
    /** recvBuf as a segment: copies between segments, see {@link Libc#copy}. */
    private final MemorySegment recvHeap = MemorySegment.ofArray(recvBuf);
    private final MemorySegment kernelAddr;
    private int seq;

    private NetlinkSocket(Arena arena, Libc.Errno errno, int fd) {
        this.arena = arena;
        this.errno = errno;
        this.fd = fd;
        this.recvSeg = arena.allocate(RECV_BUFFER, 8);
        // struct sockaddr_nl { sa_family_t nl_family; unsigned short nl_pad; __u32 nl_pid; __u32 nl_groups; }: pid 0 is the kernel.
        this.kernelAddr = arena.allocate(12, 4);
        kernelAddr.asByteBuffer().order(ByteOrder.nativeOrder()).putShort(0, (short) Libc.AF_NETLINK);
    }

    /** Opens a netlink socket of the given protocol in the calling thread's network namespace. */
    public static NetlinkSocket open(int protocol) {
        if (!Libc.supported()) {
            // Unavailable, not fatal: the automatic source falls back to /proc/net/tcp.
            throw new UnavailableException(Libc.unsupported());
        }
        // Freed by the garbage collector: closing a shared arena costs a pause of every thread, per socket.
        Arena arena = Arena.ofAuto();
        Libc.Errno e = new Libc.Errno(arena);
        int fd = Libc.socket(e, Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            int err = e.value();
            throw new UnavailableException("cannot open netlink socket: " + Libc.describe(err));
        }
        return new NetlinkSocket(arena, e, fd);
    }

    /** The next sequence number for a request. */
    public int nextSeq() {
        return ++seq;
    }

    /** A native buffer of the given size that lives as long as this socket, for building requests. */
    public ByteBuffer requestBuffer(int size) {
        return arena.allocate(size, 8).asByteBuffer().order(ByteOrder.nativeOrder());
    }

    /** Sends a fully built message (header included) to the kernel. */
    public void send(ByteBuffer request, int length) {
        MemorySegment seg = MemorySegment.ofBuffer(request);
        long n;
        do {
            n = Libc.sendto(errno, fd, seg, length, 0, kernelAddr, 12);
        } while (n < 0 && errno.value() == Libc.EINTR);
        if (n < 0) {
            throw new UnavailableException("netlink send failed: " + Libc.describe(errno.value()));
        }
    }

    /**
     * Reads messages until NLMSG_DONE (or an error message), passing every data message to the handler.
     *
     * @throws RefusedException when the kernel answers with an error (e.g. no inet_diag for a family)
     */
    public void receiveDump(MessageHandler handler) {
        while (true) {
            int end = receiveBatch();
            if (end == 0) {
                return;
            }
            for (int off = 0; off + NLMSG_HDRLEN <= end; ) {
                int len = messageLength(off, end);
                int type = NativeBytes.u16(recvBuf, off + 4);
                if (type == NLMSG_DONE) {
                    return;
                }
                if (type == NLMSG_ERROR) {
                    int err = -NativeBytes.i32(recvBuf, off + NLMSG_HDRLEN);
                    if (err != 0) {
                        throw new RefusedException("kernel refused the sock_diag request: " + Libc.describe(err));
                    }
                    return;
                }
                handler.message(recvBuf, off, len, type);
                off += (len + 3) & ~3;
            }
        }
    }

    /**
     * Reads the kernel's acknowledgement of a request sent with {@link #NLM_F_ACK}: 0 when it succeeded,
     * otherwise the positive errno it reports (ENOENT, EPERM, EOPNOTSUPP ...).
     */
    public int receiveAck() {
        while (true) {
            int end = receiveBatch();
            if (end == 0) {
                throw new UnavailableException("netlink: socket closed before the acknowledgement");
            }
            for (int off = 0; off + NLMSG_HDRLEN <= end; ) {
                int len = messageLength(off, end);
                if (NativeBytes.u16(recvBuf, off + 4) == NLMSG_ERROR) {
                    return -NativeBytes.i32(recvBuf, off + NLMSG_HDRLEN);
                }
                off += (len + 3) & ~3;
            }
        }
    }

    /** One recv() into the buffer, retried on EINTR; returns the byte count (0 at end of stream). */
    private int receiveBatch() {
        while (true) {
            long n = Libc.recv(errno, fd, recvSeg, RECV_BUFFER, 0);
            if (n >= 0) {
                Libc.copy(recvSeg, recvHeap, n);
                return (int) n;
            }
            if (errno.value() != Libc.EINTR) {
                throw new UnavailableException("netlink receive failed: " + Libc.describe(errno.value()));
            }
        }
    }

    /** The length of the message at {@code off}, checked against the bytes received. */
    private int messageLength(int off, int end) {
        int len = NativeBytes.i32(recvBuf, off);
        if (len < NLMSG_HDRLEN || off + len > end) {
            throw new UnavailableException("netlink: malformed message (length " + len + ")");
        }
        return len;
    }

    @Override
    public void close() {
        Libc.close(errno, fd);
    }
}
