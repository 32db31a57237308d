package io.tcpdoctor.collect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parser of /proc/net/stat/nf_conntrack: a header of field names, then one line of hexadecimal values per CPU
 * (net/netfilter/nf_conntrack_standalone.c ct_cpu_seq_show). Per-CPU values are summed into counters keyed
 * {@code Conntrack.drop}, {@code Conntrack.insert_failed}...; {@code entries} is the same on every line (the table
 * size) and is not summed. Absent when the nf_conntrack module is not loaded.
 */
public final class ConntrackStat {
    private ConntrackStat() {
    }

    /** Prefix of the counter keys. */
    public static final String PREFIX = "Conntrack.";

    /** The summed counters, or an empty map for text that is not this file. */
    public static Map<String, Long> parse(String text) {
        Map<String, Long> m = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        if (lines.length < 2) {
            return m;
        }
        List<String> names = Words.of(lines[0]);
        if (names.isEmpty() || !names.getFirst().equals("entries")) {
            return m;
        }
        for (int i = 1; i < lines.length; i++) {
            List<String> v = Words.of(lines[i]);
            if (v.size() != names.size()) {
                continue;
            }
            for (int k = 0; k < names.size(); k++) {
                try {
                    long x = Long.parseLong(v.get(k), 16);
                    if (k == 0) {
                        m.put(PREFIX + names.get(k), x);
                    } else {
                        m.merge(PREFIX + names.get(k), x, Long::sum);
                    }
                } catch (NumberFormatException e) {
                    // Not a counter value: skip the field.
                }
            }
        }
        return m;
    }
}
