package io.tcpdoctor.capture;

import io.tcpdoctor.collect.ProcNetTcp;
import io.tcpdoctor.model.SocketRecord;

/** A saved {@code /proc/net/tcp} or {@code /proc/net/tcp6}: the kernel's own rows, decoded by the live parser. */
final class ProcNetParser implements CaptureParser {
    @Override
    public LineKind line(String line, long number, CaptureSink sink) {
        String t = line.strip();
        if (t.isEmpty()) {
            return LineKind.NOISE;
        }
        if (ProcNetTcp.isHeader(t) || t.startsWith("sl") && Fields.split(t).getFirst().equals("sl")) {
            return LineKind.HEADER;
        }
        int colon = t.indexOf(':');
        if (colon <= 0 || colon > 8 || !Fields.digits(t.substring(0, colon))) {
            sink.skip(number, "not a /proc/net/tcp row", line);
            return LineKind.SKIPPED;
        }
        SocketRecord r;
        try {
            r = ProcNetTcp.parse(t, null);
        } catch (RuntimeException e) {
            sink.skip(number, "bad /proc/net/tcp row (" + e.getMessage() + ")", line);
            return LineKind.SKIPPED;
        }
        sink.socket(r);
        return LineKind.DATA;
    }
}
