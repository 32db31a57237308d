package io.tcpdoctor.collect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Kernel counters from /proc/net/snmp ({@code Tcp:}) and /proc/net/netstat ({@code TcpExt:}), keyed
 * {@code Tcp.ActiveOpens}, {@code TcpExt.TW}, plus the conntrack statistics ({@code Conntrack.drop}, see
 * {@link ConntrackStat}) when the module is loaded. Both files are pairs of lines: names, then values. Fields the
 * kernel adds later are simply more keys.
 */
public record KernelCounters(Instant takenAt, Map<String, Long> values) {

    /** Reads the counters of the calling thread's network namespace ({@code procNet} from {@link Netns#procNet()}). */
    public static KernelCounters read(Path procNet) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String f : new String[] {"snmp", "netstat"}) {
            try {
                m.putAll(parse(Files.readString(procNet.resolve(f), StandardCharsets.US_ASCII)));
            } catch (IOException e) {
                // A missing counter file only means fewer counters: callers check for the keys they use.
            }
        }
        try {
            m.putAll(ConntrackStat.parse(Files.readString(procNet.resolve("stat/nf_conntrack"), StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            // No nf_conntrack module: no Conntrack.* counters.
        }
        return new KernelCounters(Instant.now(), Collections.unmodifiableMap(m));
    }

    /** Parses the text of /proc/net/snmp or /proc/net/netstat; malformed pairs are skipped. */
    public static Map<String, Long> parse(String text) {
        Map<String, Long> m = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            String names = lines[i].trim();
            String vals = lines[i + 1].trim();
            int c1 = names.indexOf(':');
            int c2 = vals.indexOf(':');
            if (c1 <= 0 || c2 <= 0 || !names.substring(0, c1).equals(vals.substring(0, c2))) {
                continue;
            }
            String prefix = names.substring(0, c1);
            List<String> n = Words.of(names, c1 + 1);
            List<String> v = Words.of(vals, c2 + 1);
            if (n.size() != v.size() || n.isEmpty() || isNumber(n.getFirst())) {
                continue;
            }
            for (int k = 0; k < n.size(); k++) {
                try {
                    m.put(prefix + "." + n.get(k), Long.parseLong(v.get(k)));
                } catch (NumberFormatException ignored) {
                    // Non-numeric value: not a counter.
                }
            }
            i++;
        }
        return m;
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && (Character.isDigit(s.charAt(0)) || s.charAt(0) == '-');
    }

    /** One counter, if this kernel has it. */
    public OptionalLong get(String key) {
        Long v = values.get(key);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** Increase of a counter since an earlier reading (empty when either lacks it). */
    public OptionalLong delta(KernelCounters earlier, String key) {
        Long now = values.get(key);
        Long then = earlier.values.get(key);
        return now == null || then == null ? OptionalLong.empty() : OptionalLong.of(now - then);
    }

    /** Per-second rate of a counter since an earlier reading. */
    public double rate(KernelCounters earlier, String key) {
        OptionalLong d = delta(earlier, key);
        double secs = (takenAt.toEpochMilli() - earlier.takenAt.toEpochMilli()) / 1000.0;
        return d.isEmpty() || secs <= 0 ? Double.NaN : d.getAsLong() / secs;
    }
}
