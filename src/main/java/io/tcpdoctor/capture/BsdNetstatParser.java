package io.tcpdoctor.capture;

import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import java.util.List;

/**
 * macOS and FreeBSD {@code netstat -an [-p tcp] [-v]}: {@code Proto Recv-Q Send-Q Local Foreign (state)} with
 * {@code host.port} addresses ({@code *.*} for any) and Proto tcp4, tcp6 or tcp46. With macOS {@code -v} the
 * header names a {@code pid} column; its position is taken from the header. With {@code -A} each row starts with
 * the socket's PCB address (FreeBSD {@code Tcpcb}, macOS {@code Socket} plus a {@code Flowhash} column); those
 * columns are dropped, and so are the columns after the state ({@code -b} byte counts, FreeBSD {@code -P}).
 */
final class BsdNetstatParser implements CaptureParser {
    private int pidField = -1;
    private boolean otherSection;

    @Override
    public LineKind line(String line, long number, CaptureSink sink) {
        List<String> f = Fields.split(line);
        if (f.isEmpty()) {
            return LineKind.NOISE;
        }
        int proto = f.indexOf("Proto");
        if (proto >= 0 && proto <= 2 && line.contains("(state)") && leadingColumns(f.subList(0, proto))) {
            // "Local Address" and "Foreign Address" are two header words but one row field each. With -A the
            // socket (PCB) address comes first, and on macOS a Flowhash column after it: rows drop them too.
            int pid = f.indexOf("pid");
            pidField = pid > 0 ? pid - 2 - proto : -1;
            otherSection = false;
            return LineKind.HEADER;
        }
        // The PCB address (macOS "Socket", FreeBSD "Tcpcb") and macOS's Flowhash: hex, before the protocol.
        int lead = f.size() > 2 && hex(f.get(0)) ? (isTcp(f.get(1)) ? 1 : f.size() > 3 && hex(f.get(1)) && isTcp(f.get(2)) ? 2 : 0) : 0;
        if (lead > 0) {
            f = f.subList(lead, f.size());
        }
        String first = f.get(0);
        if (first.equals("Active") || first.equals("Registered")) {
            otherSection = !line.contains("Internet") || line.contains("Multipath");
            return LineKind.HEADER;
        }
        if (first.equals("tcp4") || first.equals("tcp6") || first.equals("tcp46") || first.equals("tcp")) {
            otherSection = false;
            return row(line, f, number, sink);
        }
        if (otherSection || first.startsWith("udp") || first.startsWith("icm") || first.startsWith("raw")
                || first.equals("Address") || first.equals("id") || first.equals("Proto/ID")
                || hex(first) && f.size() > 1 && (f.get(1).startsWith("udp") || f.get(1).startsWith("raw"))) {
            return LineKind.NOISE;
        }
        sink.skip(number, "not a BSD netstat row", line);
        return LineKind.SKIPPED;
    }

    private static boolean isTcp(String s) {
        return s.equals("tcp4") || s.equals("tcp6") || s.equals("tcp46") || s.equals("tcp");
    }

    /** A PCB address or flow hash: hex digits, 1 to 16 of them ("0" for a listener's flow hash). */
    private static boolean hex(String s) {
        if (s.isEmpty() || s.length() > 16) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Header words that may come before Proto: the PCB column and macOS's Flowhash. */
    private static boolean leadingColumns(List<String> words) {
        for (String w : words) {
            if (!w.equals("Socket") && !w.equals("Tcpcb") && !w.equals("PCB") && !w.equals("Pcb") && !w.equals("Flowhash")) {
                return false;
            }
        }
        return true;
    }

    private LineKind row(String line, List<String> f, long number, CaptureSink sink) {
        NetstatColumns c = NetstatColumns.parse(f, true, line, number, sink);
        if (c == null) {
            return LineKind.SKIPPED;
        }
        TcpState state = c.state();
        Owner owner = null;
        if (pidField > 5 && pidField < f.size()) {
            long pid = Fields.number(f.get(pidField));
            if (pid > 0 && pid <= Integer.MAX_VALUE) {
                owner = new Owner((int) pid, null);
            }
        }
        boolean v6 = f.get(0).equals("tcp6") || c.local().isV6() || c.remote().isV6();
        sink.socket(new SocketRecord(v6, state, c.local(), c.remote(), c.recvQ(), c.sendQ(), null, -1, -1, -1,
                Fields.unknownInode(state), null, owner, null));
        return LineKind.DATA;
    }
}
