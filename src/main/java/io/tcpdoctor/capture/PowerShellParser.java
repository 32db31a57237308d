package io.tcpdoctor.capture;

import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import java.util.ArrayList;
import java.util.List;

/**
 * PowerShell {@code Get-NetTCPConnection} table output: {@code LocalAddress LocalPort RemoteAddress RemotePort
 * State AppliedSetting OwningProcess} (or the columns a {@code Select-Object} chose), states such as
 * Established, TimeWait, CloseWait, Listen, Bound. AppliedSetting is often empty, so a row one field short
 * is read without it.
 */
final class PowerShellParser implements CaptureParser {
    private static final List<String> DEFAULT = List.of("LocalAddress", "LocalPort", "RemoteAddress", "RemotePort",
            "State", "AppliedSetting", "OwningProcess");
    private List<String> columns = DEFAULT;

    @Override
    public LineKind line(String line, long number, CaptureSink sink) {
        List<String> f = Fields.split(line);
        if (f.isEmpty()) {
            return LineKind.NOISE;
        }
        if (f.contains("LocalAddress") && (f.contains("LocalPort") || f.contains("State"))) {
            columns = List.copyOf(f);
            return LineKind.HEADER;
        }
        if (f.get(0).startsWith("---") && f.stream().allMatch(s -> s.chars().allMatch(c -> c == '-'))) {
            return LineKind.HEADER;
        }
        List<String> cols = columns;
        if (f.size() == cols.size() - 1 && cols.contains("AppliedSetting")) {
            cols = new ArrayList<>(cols);
            cols.remove("AppliedSetting");
        }
        if (f.size() != cols.size()) {
            sink.skip(number, "not a Get-NetTCPConnection row (" + f.size() + " fields, header has " + columns.size() + ")", line);
            return LineKind.SKIPPED;
        }
        String la = get(f, cols, "LocalAddress");
        String ra = get(f, cols, "RemoteAddress");
        String st = get(f, cols, "State");
        TcpState state = st == null ? null : StateNames.parse(st);
        if (la == null || state == null) {
            sink.skip(number, st == null ? "no State column" : "unknown state '" + st + "'", line);
            return LineKind.SKIPPED;
        }
        String lp = get(f, cols, "LocalPort");
        String rp = get(f, cols, "RemotePort");
        if (lp != null && !Fields.digits(lp) || rp != null && !Fields.digits(rp)) {
            sink.skip(number, "port not a number", line);
            return LineKind.SKIPPED;
        }
        Endpoint local = Endpoint.named(Endpoints.host(la), lp == null ? -1 : Endpoints.port(lp));
        Endpoint remote = Endpoint.named(ra == null ? "?" : Endpoints.host(ra), rp == null ? -1 : Endpoints.port(rp));
        String pidText = get(f, cols, "OwningProcess");
        Owner owner = null;
        if (pidText != null) {
            long pid = Fields.number(pidText);
            if (pid < 0 || pid > Integer.MAX_VALUE) {
                sink.skip(number, "OwningProcess not a number", line);
                return LineKind.SKIPPED;
            }
            owner = pid == 0 ? null : new Owner((int) pid, null);
        }
        boolean v6 = la.indexOf(':') >= 0;
        sink.socket(new SocketRecord(v6, state, local, remote, -1, -1, null, -1, -1, -1, Fields.unknownInode(state), null, owner, null));
        return LineKind.DATA;
    }

    private static String get(List<String> f, List<String> cols, String name) {
        int i = cols.indexOf(name);
        return i < 0 ? null : f.get(i);
    }
}
