package io.tcpdoctor.capture;

import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import java.util.List;

/**
 * macOS and FreeBSD {@code netstat -an [-p tcp] [-v]}: {@code Proto Recv-Q Send-Q Local Foreign (state)} with
 * {@code host.port} addresses ({@code *.*} for any) and Proto tcp4, tcp6 or tcp46. With macOS {@code -v} the
 * header names a {@code pid} column; its position is taken from the header.
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
        String first = f.get(0);
        if (first.equals("Proto") && line.contains("(state)")) {
            // "Local Address" and "Foreign Address" are two header words but one row field each.
            int pid = f.indexOf("pid");
            pidField = pid > 0 ? pid - 2 : -1;
            otherSection = false;
            return LineKind.HEADER;
        }
        if (first.equals("Active") || first.equals("Registered")) {
            otherSection = !line.contains("Internet");
            return LineKind.HEADER;
        }
        if (first.equals("tcp4") || first.equals("tcp6") || first.equals("tcp46") || first.equals("tcp")) {
            otherSection = false;
            return row(line, f, number, sink);
        }
        if (otherSection || first.startsWith("udp") || first.startsWith("icm") || first.startsWith("raw")
                || first.equals("Address") || first.equals("id")) {
            return LineKind.NOISE;
        }
        sink.skip(number, "not a BSD netstat row", line);
        return LineKind.SKIPPED;
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
