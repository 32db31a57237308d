package io.tcpdoctor.capture;

import io.tcpdoctor.model.TcpState;
import java.util.List;
import java.util.Set;

/**
 * Output of the counting one-liners: {@code awk '{++S[$NF]} END {for(a in S) print a, S[a]}'} prints
 * {@code STATE N}, {@code sort | uniq -c} prints {@code N STATE}. Totals only. Header words the one-liners
 * count by accident ({@code Foreign}, {@code established)}, {@code State}) are ignored; any other label is
 * reported, e.g. the {@code 1234/java} keys that {@code $NF} yields once a PID/Program column is present.
 */
final class CountsParser implements CaptureParser {
    private static final Set<String> HEADER_WORDS = Set.of("Foreign", "State", "Address", "established)",
            "servers)", "Recv-Q", "Send-Q", "Local", "Proto", "(state)", "PID/Program", "name", "Timer", "Inode",
            "Process", "Peer", "Address:Port", "connections", "I-Node", "Path", "Type", "Flags", "RefCnt", "状态");

    @Override
    public LineKind line(String line, long number, CaptureSink sink) {
        List<String> f = Fields.split(line);
        if (f.isEmpty()) {
            return LineKind.NOISE;
        }
        String label;
        String count;
        if (f.size() == 2 && Fields.digits(f.get(0)) && !Fields.digits(f.get(1))) {
            count = f.get(0);
            label = f.get(1);
        } else if (f.size() == 2 && Fields.digits(f.get(1))) {
            label = f.get(0);
            count = f.get(1);
        } else {
            sink.skip(number, "not a 'STATE COUNT' or 'COUNT STATE' line", line);
            return LineKind.SKIPPED;
        }
        if (label.endsWith(":") || label.endsWith("=")) {
            label = label.substring(0, label.length() - 1);
        }
        long n = Fields.number(count);
        if (HEADER_WORDS.contains(label)) {
            return LineKind.NOISE;
        }
        TcpState s = StateNames.parse(label);
        if (s == null || n < 0) {
            sink.skip(number, n < 0 ? "count too large" : "not a TCP state '" + label + "'", line);
            return LineKind.SKIPPED;
        }
        sink.count(s, n);
        return LineKind.DATA;
    }
}
