package io.tcpdoctor.collect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
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
            return parse(Files.readString(procNet.resolve("sockstat"), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return null;
        }
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
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            for (int i = 0; i + 1 < f.length; i += 2) {
                try {
                    m.put(prefix + "." + f[i], Long.parseLong(f[i + 1]));
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
