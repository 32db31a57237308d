package io.tcpdoctor.capture;

import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import java.util.List;

/**
 * Windows {@code netstat -an/-ano/-anob/-ab}: {@code Proto Local Foreign State [PID]}, IPv6 in brackets,
 * headers in the system language (Active Connections, 活动连接, Aktive Verbindungen) and on German systems
 * localized states. With {@code -b} the owner follows the row on its own lines: an optional component name,
 * then {@code [program.exe]} (or a "cannot obtain ownership" note), so a row waits for them.
 */
final class WindowsNetstatParser implements CaptureParser {
    private final PendingRow pending = new PendingRow();
    private boolean afterRow;

    @Override
    public LineKind line(String line, long number, CaptureSink sink) {
        List<String> f = Fields.split(line);
        if (f.isEmpty()) {
            return LineKind.NOISE;
        }
        String first = f.get(0);
        if (isHeader(line, f)) {
            pending.flush(sink);
            afterRow = false;
            return LineKind.HEADER;
        }
        if (first.equals("TCP")) {
            pending.flush(sink);
            afterRow = true;
            return row(line, f, number, sink);
        }
        if (first.equals("UDP")) {
            pending.flush(sink);
            afterRow = true;
            return LineKind.NOISE;
        }
        String t = line.strip();
        if (afterRow && t.startsWith("[") && t.endsWith("]")) {
            if (t.length() > 2) {
                pending.update(r -> r.withOwner(new Owner(r.owner() == null ? -1 : r.owner().pid(), t.substring(1, t.length() - 1))));
            }
            return LineKind.DATA;
        }
        if (afterRow && Fields.indented(line) && f.size() <= 8) {
            // -b: the service/component name or the localized "cannot obtain ownership information" note.
            return LineKind.NOISE;
        }
        pending.flush(sink);
        afterRow = false;
        sink.skip(number, "not a Windows netstat row", line);
        return LineKind.SKIPPED;
    }

    @Override
    public void finish(CaptureSink sink) {
        pending.flush(sink);
    }

    static boolean isHeader(String line, List<String> f) {
        String t = line.strip();
        if (t.equals("Active Connections") || t.equals("活动连接") || t.equals("活動中的連線") || t.equals("Aktive Verbindungen")
                || t.equals("Connexions actives") || t.equals("Conexiones activas") || t.equals("Conexões ativas")
                || t.equals("Connessioni attive") || t.equals("Активные подключения") || t.equals("アクティブな接続")) {
            return true;
        }
        String first = f.get(0);
        return (first.equals("Proto") || first.equals("协议") || first.equals("協定") || first.equals("Protokoll")
                || first.equals("Протокол") || first.equals("プロトコル"))
                && f.size() >= 3 && !line.contains("Recv-Q");
    }

    private LineKind row(String line, List<String> f, long number, CaptureSink sink) {
        if (f.size() < 4) {
            sink.skip(number, "truncated Windows netstat row (" + f.size() + " of at least 4 fields)", line);
            return LineKind.SKIPPED;
        }
        Endpoint local = Endpoints.lenient(f.get(1), false);
        Endpoint remote = Endpoints.lenient(f.get(2), false);
        TcpState state = StateNames.parse(f.get(3));
        if (state == null) {
            sink.skip(number, "unknown state '" + f.get(3) + "'", line);
            return LineKind.SKIPPED;
        }
        Owner owner = null;
        if (f.size() >= 5) {
            long pid = Fields.number(f.get(4));
            if (pid < 0 || pid > Integer.MAX_VALUE || f.size() > 5) {
                sink.skip(number, "bad PID field", line);
                return LineKind.SKIPPED;
            }
            // PID 0 is the idle process: Windows' way of saying no process owns the connection (TIME_WAIT).
            owner = pid == 0 ? null : new Owner((int) pid, null);
        }
        boolean v6 = f.get(1).startsWith("[");
        pending.set(new SocketRecord(v6, state, local, remote, -1, -1, null, -1, -1, -1, Fields.unknownInode(state), null, owner, null));
        return LineKind.DATA;
    }
}
