package io.tcpdoctor.kill;

import io.tcpdoctor.collect.Libc;
import io.tcpdoctor.collect.SocketKiller;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What {@code tcpdoctor kill} tells the operator: why a socket was not destroyed, and what destroying does not fix. */
public final class KillAdvice {
    private KillAdvice() {
    }

    /** Errors every further socket would get as well: stop at the first one and explain. */
    public static boolean fatal(SocketKiller.Outcome o) {
        return o.errno() == Libc.EPERM || o.errno() == Libc.EACCES || o.errno() == Libc.EOPNOTSUPP;
    }

    /** Why one socket was not destroyed, for its line in the report. */
    public static String reason(int errno) {
        return switch (errno) {
            case Libc.ENOENT -> "already gone (ENOENT): it closed between the listing and the kill";
            case Libc.EPERM, Libc.EACCES -> "permission denied (" + (errno == Libc.EPERM ? "EPERM" : "EACCES")
                    + "): needs CAP_NET_ADMIN in the socket's network namespace";
            case Libc.EOPNOTSUPP -> "not supported (EOPNOTSUPP): this kernel was built without CONFIG_INET_DIAG_DESTROY";
            default -> Libc.describe(errno);
        };
    }

    /** The one-line error for a permission or kernel-support failure, with the manual alternative. */
    public static String fatalMessage(int errno) {
        String why = errno == Libc.EOPNOTSUPP
                ? "this kernel cannot destroy sockets (built without CONFIG_INET_DIAG_DESTROY; ss -K fails the same way)"
                : "destroying sockets needs CAP_NET_ADMIN (run as root; ss -K needs the same)";
        return "kill: " + why + ". Instead: fix or restart the process that owns the sockets "
                + "(for CLOSE_WAIT: find where it misses close() with 'jcmd PID Thread.print'; 'tcpdoctor list -p' names the process)";
    }

    /** Notes on what destroying these sockets does and does not fix, one per state present. */
    public static List<String> caveats(List<SocketRecord> sockets) {
        Set<TcpState> states = new LinkedHashSet<>();
        Set<String> holders = new LinkedHashSet<>();
        for (SocketRecord r : sockets) {
            states.add(r.state());
            if (r.state() == TcpState.CLOSE_WAIT && r.owner() != null) {
                Owner o = r.owner();
                holders.add(o.label());
            }
        }
        List<String> out = new ArrayList<>();
        if (states.contains(TcpState.CLOSE_WAIT)) {
            out.add("CLOSE_WAIT: destroying aborts the connection (the peer gets a reset, if it is still there), but the "
                    + "owning process" + (holders.isEmpty() ? "" : " (" + String.join(", ", holders) + ")")
                    + " still holds each file descriptor: an fd leak stays until the process closes them or restarts. "
                    + "The fix is the missing close() in the application.");
        }
        if (states.contains(TcpState.TIME_WAIT)) {
            out.add("TIME_WAIT: the kernel drops the entry at once (tested on Linux 6.18; older kernels may refuse it). "
                    + "It frees the port early but gives up TIME_WAIT's protection against late duplicates; the lasting "
                    + "fix is fewer closes (connection pooling, keep-alive).");
        }
        if (states.contains(TcpState.ESTABLISHED) || states.contains(TcpState.FIN_WAIT2)
                || states.contains(TcpState.SYN_SENT)) {
            out.add("Open connections are aborted: the owning application sees a reset or error on its next call.");
        }
        if (states.contains(TcpState.LISTEN)) {
            out.add("LISTEN: the service stops accepting connections until it is restarted.");
        }
        return out;
    }
}
