package io.tcpdoctor.collect;

import java.util.ArrayList;
import java.util.List;

/**
 * Pure parser of sysctl.conf / sysctl.d text as procps {@code sysctl -p} and systemd-sysctl read it:
 * {@code key = value} per line, '#' or ';' starts a comment line, a leading '-' means "ignore errors",
 * '/' may separate the key's parts.
 */
public final class SysctlConf {
    private SysctlConf() {
    }

    /**
     * One setting line. {@code key} is normalised to dots; {@code value} is trimmed of every kind of space
     * (including the no-break spaces that web pages add); {@code rawValue} is what sysctl passes to the kernel.
     */
    public record Entry(String file, int line, String key, String value, String rawValue, boolean ignoreErrors, String raw) {
    }

    /** A line that is not a setting. */
    public record SyntaxError(String file, int line, String reason, String raw) {
    }

    /** Everything found in one file. */
    public record Parsed(List<Entry> entries, List<SyntaxError> errors) {
    }

    /** Parses the text of one file. */
    public static Parsed parse(String file, String text) {
        List<Entry> entries = new ArrayList<>();
        List<SyntaxError> errors = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            String t = raw.strip();
            int n = i + 1;
            if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) {
                continue;
            }
            boolean ignore = false;
            if (t.startsWith("-")) {
                ignore = true;
                t = t.substring(1).strip();
            }
            int eq = t.indexOf('=');
            if (eq < 0 && ignore && validKey(t)) {
                // systemd-sysctl: "-key" without a value excludes the key from an earlier glob.
                continue;
            }
            if (eq < 0) {
                errors.add(new SyntaxError(file, n, "no-equals", raw));
                continue;
            }
            String key = t.substring(0, eq).strip();
            String rawValue = t.substring(eq + 1).strip();
            String value = meaningful(rawValue);
            if (key.isEmpty() || !validKey(key)) {
                errors.add(new SyntaxError(file, n, "bad-key", raw));
                continue;
            }
            entries.add(new Entry(file, n, normalize(key), value, rawValue, ignore, raw));
        }
        return new Parsed(List.copyOf(entries), List.copyOf(errors));
    }

    /** A key in its dotted form: '/' separators become dots, leading dots go. */
    public static String normalize(String key) {
        String k = key.trim();
        if (k.indexOf('/') >= 0) {
            k = k.replace('/', '.');
        }
        while (k.startsWith(".")) {
            k = k.substring(1);
        }
        return k;
    }

    /**
     * The part of a value the kernel acts on: trimmed of all spaces, and cut before pasted non-ASCII text that
     * follows a space (the kernel ignores what comes after a single number and a space).
     */
    public static String meaningful(String raw) {
        for (int i = 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c > 0x7e && !Character.isSpaceChar(c) && Character.isWhitespace(raw.charAt(i - 1))) {
                String head = trimAllSpaces(raw.substring(0, i));
                if (!head.isEmpty()) {
                    return head;
                }
            }
        }
        return trimAllSpaces(raw);
    }

    /** Trims ASCII and Unicode spaces (Character.isSpaceChar covers U+00A0, which String.strip keeps). */
    public static String trimAllSpaces(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && (Character.isWhitespace(s.charAt(a)) || Character.isSpaceChar(s.charAt(a)))) {
            a++;
        }
        while (b > a && (Character.isWhitespace(s.charAt(b - 1)) || Character.isSpaceChar(s.charAt(b - 1)))) {
            b--;
        }
        return s.substring(a, b);
    }

    private static boolean validKey(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '.' || c == '/' || c == '_' || c == '-' || c == '*')) {
                return false;
            }
        }
        return true;
    }
}
