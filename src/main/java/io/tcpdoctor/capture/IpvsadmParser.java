package io.tcpdoctor.capture;

import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.IpvsEntry;
import java.util.List;
import java.util.Locale;

/**
 * {@code ipvsadm -Lnc}: {@code pro expire state source virtual destination}, e.g.
 * {@code TCP 14:58  ESTABLISHED 10.0.0.5:52345 10.0.0.100:80 10.0.1.11:80}. The entries are IPVS's connection
 * table, not sockets, so they go to the IPVS list and never into the socket state counts.
 */
final class IpvsadmParser implements CaptureParser {
    @Override
    public LineKind line(String line, long number, CaptureSink sink) {
        List<String> f = Fields.split(line);
        if (f.isEmpty()) {
            return LineKind.NOISE;
        }
        if (line.contains("IPVS connection entries") || f.get(0).equals("pro") && f.contains("expire")) {
            return LineKind.HEADER;
        }
        String proto = f.get(0);
        if (!(proto.equals("TCP") || proto.equals("UDP") || proto.equals("SCTP") || proto.equals("IP"))
                || f.size() < 3 || !f.get(1).matches("\\d{1,6}:\\d\\d")) {
            sink.skip(number, "not an ipvsadm -Lnc row", line);
            return LineKind.SKIPPED;
        }
        if (f.size() < 6) {
            sink.skip(number, "truncated ipvsadm row (" + f.size() + " of 6 fields)", line);
            return LineKind.SKIPPED;
        }
        String[] mmss = f.get(1).split(":");
        long expires = Long.parseLong(mmss[0]) * 60 + Long.parseLong(mmss[1]);
        String state = f.get(2).toUpperCase(Locale.ROOT);
        if (!state.matches("[A-Z_]{2,16}")) {
            sink.skip(number, "bad IPVS state '" + f.get(2) + "'", line);
            return LineKind.SKIPPED;
        }
        Endpoint src = Endpoints.colon(f.get(3));
        Endpoint vip = Endpoints.colon(f.get(4));
        Endpoint dst = Endpoints.colon(f.get(5));
        if (src == null || vip == null || dst == null) {
            sink.skip(number, "bad address (expected host:port)", line);
            return LineKind.SKIPPED;
        }
        sink.ipvs(new IpvsEntry(proto, expires, state, src, vip, dst));
        return LineKind.DATA;
    }
}
