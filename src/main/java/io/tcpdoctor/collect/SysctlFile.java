package io.tcpdoctor.collect;

import io.tcpdoctor.model.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sysctl values saved as text: {@code sysctl -a} output or a sysctl.conf / sysctl.d file
 * ({@code key = value}, {@code #} and {@code ;} comments, a leading {@code -} meaning "ignore errors",
 * slash-separated keys). Values keep their words separated by single spaces; a later line wins.
 */
public record SysctlFile(Map<String, String> values, List<Problem> problems) {

    /** Parses the text; lines that are not {@code key = value} become problems with their line number. */
    public static SysctlFile parse(String name, String text) {
        Map<String, String> m = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                problems.add(new Problem(name, i + 1, "not a 'key = value' line", line));
                continue;
            }
            String key = line.substring(0, eq).strip();
            if (key.startsWith("-")) {
                key = key.substring(1).strip();
            }
            key = key.replace('/', '.');
            if (key.isEmpty() || key.indexOf(' ') >= 0) {
                problems.add(new Problem(name, i + 1, "bad sysctl key", line));
                continue;
            }
            m.put(key, line.substring(eq + 1).strip().replaceAll("\\s+", " "));
        }
        return new SysctlFile(Collections.unmodifiableMap(m), List.copyOf(problems));
    }
}
