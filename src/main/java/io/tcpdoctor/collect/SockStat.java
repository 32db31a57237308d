package io.tcpdoctor.collect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * /proc/net/sockstat, keyed {@code TCP.inuse}, {@code TCP.orphan}, {@code TCP.tw}, {@code TCP.mem} (pages),
 * {@code sockets.used}. Note: "tw" counts TIME_WAIT plus FIN_WAIT2 mini-sockets and the file mixes
 * per-namespace and global fields, so it is a hint, not an exact TIME_WAIT count.
 */
public record SockStat(Map<String, Long> values) {

    /** Reads the file of the calling thread's namespace; null when it cannot be read. */
    public static SockStat read(Path procNet) {
        try {
            return parse(ProcFile.read(procNet.resolve("sockstat")));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * About how many TCP sockets a namespace has: {@code all} of them (full sockets of both families plus TIME_WAIT
     * and FIN_WAIT2 mini-sockets; request sockets are not counted), and the {@code full} ones alone (listeners and
     * connections, counted per namespace as "inuse"), the only ones a process can hold.
     */
    public record TcpSockets(long all, long full) {
    }

    /**
     * The TCP sockets of the namespace of {@code procNet}, from sockstat and sockstat6, or null when the files cannot
     * be read. Cheap: what to read the table with is chosen from it.
     */
    public static TcpSockets tcpSockets(Path procNet) {
        SockStat v4 = read(procNet);
        if (v4 == null || v4.get("TCP.inuse").isEmpty()) {
            return null;
        }
        long full = v4.get("TCP.inuse").getAsLong();
        try {
            full += parse(ProcFile.read(procNet.resolve("sockstat6"))).get("TCP6.inuse").orElse(0);
        } catch (IOException e) {
            // No sockstat6: IPv6 is disabled, so there are no IPv6 sockets.
        }
        return new TcpSockets(full + v4.get("TCP.tw").orElse(0), full);
    }

    /** Parses lines such as {@code TCP: inuse 5 orphan 0 tw 2 alloc 7 mem 1}; odd tokens are skipped. */
    public static SockStat parse(String text) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String prefix = line.substring(0, colon).trim();
            List<String> f = Words.of(line, colon + 1);
            for (int i = 0; i + 1 < f.size(); i += 2) {
                try {
                    m.put(prefix + "." + f.get(i), Long.parseLong(f.get(i + 1)));
                } catch (NumberFormatException ignored) {
                    // A field this parser does not know the shape of.
                }
            }
        }
        return new SockStat(Collections.unmodifiableMap(m));
    }

    /** One value, if present. */
    public OptionalLong get(String key) {
        Long v = values.get(key);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
