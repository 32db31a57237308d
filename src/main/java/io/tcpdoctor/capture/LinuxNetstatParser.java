package io.tcpdoctor.capture;

import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.TimerKind;
import java.util.List;
import java.util.Locale;

/**
 * Linux net-tools {@code netstat -an/-ant/-antp/-nap/-antpe/-o/-W}: {@code Proto Recv-Q Send-Q Local Foreign State}
 * then, as present, {@code User Inode}, {@code PID/Program name} (the name may hold spaces, e.g. php-fpm pools)
 * and the {@code -o} timer {@code keepalive (7170.23/0/0)}. The state is always the sixth field, whatever
 * follows it; a row is skipped only when it has fewer than six fields or no known state there. Each row stands alone and the parser keeps no state, so the parallel count path can run one
 * parser per chunk of a file and still report exactly what the streaming reader reports.
 */
final class LinuxNetstatParser implements CaptureParser {
    @Override
    public LineKind line(String line, long number, CaptureSink sink) {
        List<String> f = Fields.split(line);
        if (f.isEmpty()) {
            return LineKind.NOISE;
        }
        String first = f.get(0);
        if (isHeader(line, f)) {
            return LineKind.HEADER;
        }
        if (first.equals("tcp") || first.equals("tcp6")) {
            return row(line, f, number, sink);
        }
        if (isOtherProto(first)) {
            return LineKind.NOISE;
        }
        sink.skip(number, "not a netstat row", line);
        return LineKind.SKIPPED;
    }

    static boolean isHeader(String line, List<String> f) {
        String first = f.get(0);
        if (first.equals("Proto") && (line.contains("Recv-Q") || line.contains("RefCnt"))) {
            return !line.contains("(state)");
        }
        return (first.equals("Active") || first.equals("Aktive")) && (line.contains("Internet") || line.contains("UNIX"))
                && !line.contains("Connections");
    }

    private static boolean isOtherProto(String first) {
        return switch (first) {
            case "udp", "udp6", "udpl", "udpl6", "raw", "raw6", "unix", "sctp", "sctp6" -> true;
            default -> false;
        };
    }

    private static LineKind row(String line, List<String> f, long number, CaptureSink sink) {
        NetstatColumns c = NetstatColumns.parse(f, false, line, number, sink);
        if (c == null) {
            return LineKind.SKIPPED;
        }
        TcpState state = c.state();
        int end = f.size();
        TimerKind timer = null;
        long timerMs = -1;
        int retrans = -1;
        // -o: "keepalive (7170.23/0/0)" is the last two fields.
        if (end - 6 >= 2 && f.get(end - 1).startsWith("(") && f.get(end - 1).endsWith(")")) {
            TimerKind k = timerKind(f.get(end - 2));
            if (k != null) {
                timer = k;
                String[] parts = f.get(end - 1).substring(1, f.get(end - 1).length() - 1).split("/");
                timerMs = parts.length > 0 ? seconds(parts[0]) : -1;
                retrans = parts.length > 1 ? (int) Math.min(Integer.MAX_VALUE, Fields.number(parts[1])) : -1;
                end -= 2;
            }
        }
        int i = 6;
        String user = null;
        long inode = Fields.unknownInode(state);
        int uid = -1;
        // -e: "User Inode" come before PID/Program.
        if (end - i >= 2 && !pidLike(f.get(i)) && Fields.digits(f.get(i + 1))) {
            user = f.get(i);
            inode = Fields.number(f.get(i + 1));
            if (Fields.digits(user) && user.length() < 10) {
                uid = Integer.parseInt(user);
            }
            i += 2;
        }
        Owner owner = null;
        if (i < end) {
            String p = String.join(" ", f.subList(i, end));
            int slash = p.indexOf('/');
            if (slash > 0 && Fields.digits(p.substring(0, slash)) && slash < 10) {
                owner = new Owner(Integer.parseInt(p.substring(0, slash)), p.substring(slash + 1));
            }
            // Anything else there ("-", a redacted owner) leaves the owner unknown: the row still counts.
        }
        boolean v6 = f.get(0).equals("tcp6");
        sink.socket(new SocketRecord(v6, state, c.local(), c.remote(), c.recvQ(), c.sendQ(), timer, timerMs, retrans, uid, inode,
                user, owner, null));
        return LineKind.DATA;
    }

    private static boolean pidLike(String s) {
        if (s.equals("-")) {
            return true;
        }
        int slash = s.indexOf('/');
        return slash > 0 && Fields.digits(s.substring(0, slash));
    }

    private static TimerKind timerKind(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "off" -> TimerKind.OFF;
            case "on" -> TimerKind.ON;
            case "keepalive" -> TimerKind.KEEPALIVE;
            case "timewait" -> TimerKind.TIMEWAIT;
            case "probe" -> TimerKind.PROBE;
            default -> null;
        };
    }

    private static long seconds(String s) {
        try {
            double d = Double.parseDouble(s);
            return d < 0 || d > 1e12 ? -1 : Math.round(d * 1000);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
