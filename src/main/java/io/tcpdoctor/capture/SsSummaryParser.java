package io.tcpdoctor.capture;

import io.tcpdoctor.model.TcpState;
import java.util.List;

/**
 * {@code ss -s}: totals only. The {@code TCP: N (estab E, closed C, orphaned O, [synrecv S,] timewait T[/T2])}
 * line gives ESTABLISHED, TIME_WAIT and (old ss) SYN_RECV. Its "closed" is derived from /proc/net/sockstat
 * arithmetic and includes listeners, so it is not a state count; the other states are not broken down.
 */
final class SsSummaryParser implements CaptureParser {
    @Override
    public LineKind line(String line, long number, CaptureSink sink) {
        String t = line.strip();
        if (t.isEmpty()) {
            return LineKind.NOISE;
        }
        if (t.startsWith("Total:") || t.startsWith("Transport Total")) {
            return LineKind.HEADER;
        }
        List<String> f = Fields.split(t);
        if (f.size() >= 2 && f.size() <= 4 && isTransport(f.get(0)) && Fields.digits(f.get(1))) {
            return LineKind.NOISE;
        }
        if (!t.startsWith("TCP:")) {
            sink.skip(number, "not an ss -s line", line);
            return LineKind.SKIPPED;
        }
        int open = t.indexOf('(');
        int close = t.indexOf(')', open + 1);
        if (open < 0 || close < 0) {
            sink.skip(number, "truncated ss -s TCP line", line);
            return LineKind.SKIPPED;
        }
        boolean any = false;
        for (String part : t.substring(open + 1, close).split(",")) {
            List<String> kv = Fields.split(part);
            if (kv.size() != 2) {
                continue;
            }
            String v = kv.get(1);
            int slash = v.indexOf('/');
            long n = Fields.number(slash > 0 ? v.substring(0, slash) : v);
            TcpState s = switch (kv.get(0)) {
                case "estab" -> TcpState.ESTABLISHED;
                case "timewait" -> TcpState.TIME_WAIT;
                case "synrecv" -> TcpState.SYN_RECV;
                default -> null;
            };
            if (s != null && n >= 0) {
                sink.count(s, n);
                any = true;
            }
        }
        if (!any) {
            sink.skip(number, "no counts in ss -s TCP line", line);
            return LineKind.SKIPPED;
        }
        return LineKind.DATA;
    }

    private static boolean isTransport(String s) {
        return switch (s) {
            case "RAW", "UDP", "TCP", "INET", "FRAG", "*" -> true;
            default -> false;
        };
    }
}
