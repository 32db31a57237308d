package io.tcpdoctor.capture;

import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpInfo;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.TimerKind;
import java.util.List;
import java.util.Locale;

/**
 * iproute2 {@code ss -tan/-tanp/-tulnp/-tanoei/-m}: {@code [Netid] State Recv-Q Send-Q Local:Port Peer:Port
 * [users:(("nginx",pid=1,fd=3))] [timer:(keepalive,119min,0)] [uid:0 ino:123 sk:...]}; {@code -i} and
 * {@code -m} details follow on indented continuation lines, so a row is emitted once the next row begins.
 */
final class SsParser implements CaptureParser {
    private final PendingRow pending = new PendingRow();
    private boolean inRow;

    @Override
    public LineKind line(String line, long number, CaptureSink sink) {
        List<String> f = Fields.split(line);
        if (f.isEmpty()) {
            return LineKind.NOISE;
        }
        if (isHeader(f)) {
            pending.flush(sink);
            inRow = false;
            return LineKind.HEADER;
        }
        int s = 0;
        String netid = null;
        if (isNetid(f.get(0))) {
            netid = f.get(0);
            s = 1;
        }
        TcpState state = f.size() > s ? ssState(f.get(s)) : null;
        if (state == null) {
            if (inRow && netid == null && Fields.indented(line) && (line.indexOf(':') >= 0 || line.indexOf('(') >= 0)) {
                // -i / -m / -e details of the previous row.
                return pending.update(r -> withDetails(r, line)) ? LineKind.DATA : LineKind.NOISE;
            }
            if (netid != null && !netid.equals("tcp")) {
                pending.flush(sink);
                inRow = true;
                return LineKind.NOISE;
            }
            // A stray line between a row and its details does not end the row.
            sink.skip(number, f.size() > s ? "unknown state '" + f.get(s) + "'" : "truncated ss row", line);
            return LineKind.SKIPPED;
        }
        pending.flush(sink);
        inRow = true;
        if (netid != null && !netid.equals("tcp")) {
            return LineKind.NOISE;
        }
        if (f.size() < s + 5) {
            sink.skip(number, "truncated ss row (" + f.size() + " fields)", line);
            return LineKind.SKIPPED;
        }
        // Redacted queue or address fields leave those values unknown; the row still counts.
        long recvQ = Fields.number(f.get(s + 1));
        long sendQ = Fields.number(f.get(s + 2));
        Endpoint local = Endpoints.lenient(f.get(s + 3), false);
        Endpoint remote = Endpoints.lenient(f.get(s + 4), false);
        // ss brackets IPv6 addresses, IPv4-mapped ones included: those are tcp6 sockets too.
        boolean v6 = local.isV6() || remote.isV6() || f.get(s + 3).startsWith("[") || hostHasColon(f.get(s + 3));
        if (v6) {
            // ss writes the unspecified peer of an IPv6 socket as "*": that is ::, not 0.0.0.0.
            local = f.get(s + 3).startsWith("*:") ? Endpoint.named("::", local.port()) : local;
            remote = f.get(s + 4).startsWith("*:") ? Endpoint.named("::", remote.port()) : remote;
        }
        SocketRecord r = new SocketRecord(v6, state, local, remote, recvQ, sendQ, null, -1, -1, -1, Fields.unknownInode(state),
                null, null, null);
        pending.set(withDetails(r, line));
        return LineKind.DATA;
    }

    @Override
    public void finish(CaptureSink sink) {
        pending.flush(sink);
    }

    private static boolean hostHasColon(String addr) {
        int c = addr.lastIndexOf(':');
        return c > 0 && addr.lastIndexOf(':', c - 1) >= 0;
    }

    static boolean isHeader(List<String> f) {
        String a = f.get(0);
        return (a.equals("State") || a.equals("Netid") || a.equals("Recv-Q")) && f.size() > 2
                && (f.contains("Recv-Q") || f.contains("Send-Q"));
    }

    private static boolean isNetid(String s) {
        return switch (s) {
            case "tcp", "udp", "raw", "u_str", "u_dgr", "u_seq", "nl", "p_raw", "p_dgr", "v_str", "v_dgr", "v_seq",
                 "xdp", "mptcp", "sctp", "dccp", "tipc", "icmp6", "u_seqpacket", "???" -> true;
            default -> false;
        };
    }

    /** ss's own state names only: a paste of another tool must not pass for ss. */
    static TcpState ssState(String s) {
        return switch (s) {
            case "ESTAB" -> TcpState.ESTABLISHED;
            case "SYN-SENT" -> TcpState.SYN_SENT;
            case "SYN-RECV" -> TcpState.SYN_RECV;
            case "FIN-WAIT-1" -> TcpState.FIN_WAIT1;
            case "FIN-WAIT-2" -> TcpState.FIN_WAIT2;
            case "TIME-WAIT" -> TcpState.TIME_WAIT;
            case "UNCONN", "CLOSE" -> TcpState.CLOSE;
            case "CLOSE-WAIT" -> TcpState.CLOSE_WAIT;
            case "LAST-ACK" -> TcpState.LAST_ACK;
            case "LISTEN" -> TcpState.LISTEN;
            case "CLOSING" -> TcpState.CLOSING;
            default -> null;
        };
    }

    /** Adds what the row or a continuation line says about owner, timer, uid, inode and tcp_info. */
    static SocketRecord withDetails(SocketRecord r, String text) {
        Owner owner = r.owner();
        int users = text.indexOf("users:((\"");
        if (users >= 0 && owner == null) {
            int nameStart = users + 9;
            int nameEnd = text.indexOf("\",", nameStart);
            int pidAt = text.indexOf("pid=", nameStart);
            if (nameEnd > 0 && pidAt > nameEnd) {
                int pidEnd = pidAt + 4;
                while (pidEnd < text.length() && Character.isDigit(text.charAt(pidEnd)) && pidEnd - pidAt < 14) {
                    pidEnd++;
                }
                long pid = Fields.number(text.substring(pidAt + 4, pidEnd));
                owner = new Owner(pid >= 0 && pid <= Integer.MAX_VALUE ? (int) pid : -1, text.substring(nameStart, nameEnd));
            }
        }
        TimerKind timer = r.timer();
        long timerMs = r.timerMs();
        int retrans = r.retrans();
        String t = between(text, "timer:(", ")");
        if (t != null) {
            String[] p = t.split(",");
            timer = switch (p[0]) {
                case "on" -> TimerKind.ON;
                case "keepalive" -> TimerKind.KEEPALIVE;
                case "timewait" -> TimerKind.TIMEWAIT;
                case "persist" -> TimerKind.PROBE;
                default -> TimerKind.OFF;
            };
            timerMs = p.length > 1 ? duration(p[1]) : -1;
            retrans = p.length > 2 ? (int) Math.min(Integer.MAX_VALUE, Fields.number(p[2])) : retrans;
        }
        long uidL = value(text, " uid:");
        long ino = value(text, " ino:");
        TcpInfo info = r.info();
        long rtt = -1;
        String rttText = after(text, " rtt:");
        if (rttText != null) {
            int slash = rttText.indexOf('/');
            rtt = micros(slash > 0 ? rttText.substring(0, slash) : rttText);
        }
        long lastsnd = value(text, " lastsnd:");
        long lastrcv = value(text, " lastrcv:");
        long lastack = value(text, " lastack:");
        long unacked = value(text, " unacked:");
        if (rtt >= 0 || lastsnd >= 0 || lastrcv >= 0 || lastack >= 0) {
            TcpInfo old = info == null ? new TcpInfo(-1, -1, -1, -1, -1) : info;
            info = new TcpInfo(lastsnd >= 0 ? lastsnd : old.lastDataSentMs(), lastrcv >= 0 ? lastrcv : old.lastDataRecvMs(),
                    lastack >= 0 ? lastack : old.lastAckRecvMs(), rtt >= 0 ? rtt : old.rttUs(),
                    unacked >= 0 ? (int) Math.min(Integer.MAX_VALUE, unacked) : old.unacked());
        }
        int uid = uidL >= 0 && uidL <= Integer.MAX_VALUE ? (int) uidL : r.uid();
        return new SocketRecord(r.ipv6(), r.state(), r.local(), r.remote(), r.recvQ(), r.sendQ(), timer, timerMs, retrans,
                uid, ino >= 0 ? ino : r.inode(), r.user(), owner, info);
    }

    private static String between(String text, String open, String close) {
        int a = text.indexOf(open);
        if (a < 0) {
            return null;
        }
        int b = text.indexOf(close, a + open.length());
        return b < 0 ? null : text.substring(a + open.length(), b);
    }

    /** The value after {@code key} (given with a leading blank), where the key starts the line or follows a blank. */
    private static String after(String text, String key) {
        String k = key.substring(1);
        int a = -1;
        for (int from = 0; (from = text.indexOf(k, from)) >= 0; from++) {
            if (from == 0 || Fields.isBlank(text.charAt(from - 1))) {
                a = from;
                break;
            }
        }
        if (a < 0) {
            return null;
        }
        int b = a + k.length();
        int e = b;
        while (e < text.length() && !Fields.isBlank(text.charAt(e)) && e - b < 40) {
            e++;
        }
        return text.substring(b, e);
    }

    private static long value(String text, String key) {
        String v = after(text, key);
        return v == null ? -1 : Fields.number(v);
    }

    private static long micros(String ms) {
        try {
            double d = Double.parseDouble(ms);
            return d < 0 || d > 1e9 ? -1 : Math.round(d * 1000);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** ss durations: {@code 59sec}, {@code 119min}, {@code 1.5sec}, {@code 200ms}, {@code 1h2min}. */
    static long duration(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        long total = 0;
        int i = 0;
        boolean any = false;
        while (i < t.length()) {
            int start = i;
            while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
                i++;
            }
            int unitStart = i;
            while (i < t.length() && Character.isLetter(t.charAt(i))) {
                i++;
            }
            if (unitStart == start || unitStart - start > 12) {
                return -1;
            }
            double v;
            try {
                v = Double.parseDouble(t.substring(start, unitStart));
            } catch (NumberFormatException e) {
                return -1;
            }
            long mul = switch (t.substring(unitStart, i)) {
                case "ms" -> 1;
                case "sec", "s", "" -> 1000;
                case "min" -> 60_000;
                case "h" -> 3_600_000;
                case "d" -> 86_400_000;
                default -> -1;
            };
            if (mul < 0) {
                return -1;
            }
            total += Math.round(v * mul);
            any = true;
        }
        return any ? total : -1;
    }
}
