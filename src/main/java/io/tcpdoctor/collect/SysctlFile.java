package io.tcpdoctor.collect;

import io.tcpdoctor.model.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sysctl values saved as text ({@code sysctl -a} output or a sysctl.conf / sysctl.d file) as a map, read with
 * {@link SysctlConf}'s rules. Values keep their words separated by single spaces; a later line wins.
 */
public record SysctlFile(Map<String, String> values, List<Problem> problems) {

    /** Parses the text; lines that are not {@code key = value} become problems with their line number. */
    public static SysctlFile parse(String name, String text) {
        SysctlConf.Parsed parsed = SysctlConf.parse(name, text);
        Map<String, String> m = new LinkedHashMap<>();
        for (SysctlConf.Entry e : parsed.entries()) {
            m.put(e.key(), Words.folded(e.rawValue()));
        }
        List<Problem> problems = new ArrayList<>();
        for (SysctlConf.SyntaxError e : parsed.errors()) {
            String why = e.reason().equals("bad-key") ? "bad sysctl key" : "not a 'key = value' line";
            problems.add(new Problem(name, e.line(), why, e.raw().strip()));
        }
        return new SysctlFile(Collections.unmodifiableMap(m), List.copyOf(problems));
    }
}
