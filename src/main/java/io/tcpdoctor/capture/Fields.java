package io.tcpdoctor.capture;

import io.tcpdoctor.model.TcpState;
import java.util.ArrayList;
import java.util.List;

/** Whitespace splitting as the tools align their columns: any run of spaces or tabs separates fields. */
final class Fields {
    private Fields() {
    }

    /** The fields of a line; never null, empty for a blank line. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>(12);
        int n = line.length();
        int i = 0;
        while (i < n) {
            while (i < n && isBlank(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isBlank(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(line.substring(start, i));
            }
        }
        return out;
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\u00a0' || c == '\u3000' || c == '\f' || c == '\u000b';
    }

    /** True for a non-empty run of ASCII digits. */
    static boolean digits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A non-negative number, or -1 when the field is not one (redacted, truncated). */
    static long number(String s) {
        if (!digits(s) || s.length() > 18) {
            return -1;
        }
        return Long.parseLong(s);
    }

    /** True when the line starts with blanks: a continuation line in ss and Windows -b output. */
    static boolean indented(String line) {
        return !line.isEmpty() && isBlank(line.charAt(0));
    }

    /**
     * The inode to record when a capture does not show one: 0 for TIME_WAIT and SYN_RECV, which the kernel
     * never gives an owner, so grouping by process labels them "no owner" rather than unknown; -1 otherwise.
     */
    static long unknownInode(TcpState s) {
        return s == TcpState.TIME_WAIT || s == TcpState.SYN_RECV ? 0 : -1;
    }
}
