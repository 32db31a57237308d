package io.tcpdoctor.model;

/**
 * One TCP socket as a live source or a capture reports it. Unknown numeric fields are -1;
 * {@code inode} 0 means the kernel has no inode for it (TIME_WAIT, SYN_RECV). {@code owner},
 * {@code user} and {@code info} may be null.
 */
public record SocketRecord(
        boolean ipv6,
        TcpState state,
        Endpoint local,
        Endpoint remote,
        long recvQ,
        long sendQ,
        TimerKind timer,
        long timerMs,
        int retrans,
        int uid,
        long inode,
        String user,
        Owner owner,
        TcpInfo info) {

    public SocketRecord {
        // TIME_WAIT and request (SYN_RECV) sockets are mini-sockets without a file: inet_diag and /proc/net/tcp
        // print uid 0 for them (FACTS.md), which means "none", not root. A SYN_RECV socket with an inode is a full
        // socket (a TCP Fast Open child) and keeps its uid.
        if ((state == TcpState.TIME_WAIT || state == TcpState.SYN_RECV) && inode <= 0) {
            uid = -1;
            user = null;
        }
    }

    /** Proto column text: tcp or tcp6. */
    public String proto() {
        return ipv6 ? "tcp6" : "tcp";
    }

    /** A copy with the owner set. */
    public SocketRecord withOwner(Owner o) {
        return new SocketRecord(ipv6, state, local, remote, recvQ, sendQ, timer, timerMs, retrans, uid, inode, user, o, info);
    }

    /** A copy with the user name set. */
    public SocketRecord withUser(String u) {
        return new SocketRecord(ipv6, state, local, remote, recvQ, sendQ, timer, timerMs, retrans, uid, inode, u, owner, info);
    }

    /** True when the kernel keeps no owner for this socket (TIME_WAIT, request sockets). */
    public boolean ownerless() {
        return inode == 0;
    }
}
