package io.tcpdoctor.capture;

import io.tcpdoctor.model.Problem;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one-line stderr summary of skipped capture lines: {@code skipped 3 lines (first: line 17: why: text)}.
 * A snapshot lists the first {@link CaptureSnapshots#LISTED_SKIPS} skipped lines as warnings with their line
 * numbers; when there were more, a last warning without a line number carries the total.
 */
public final class Skips {
    private Skips() {
    }

    private static final Pattern TOTAL = Pattern.compile("^(\\d+) lines skipped in total.*");

    static String totalMessage(long total, int listed) {
        return total + " lines skipped in total; the first " + listed + " are listed";
    }

    /** True for a warning about a skipped capture line (or the total of them). */
    public static boolean isSkip(Problem p) {
        return p.line() > 0 || p.message() != null && TOTAL.matcher(p.message()).matches();
    }

    /** The summary line without the {@code tcpdoctor: } prefix, or null when nothing was skipped. */
    public static String summary(List<Problem> warnings) {
        long count = 0;
        long total = -1;
        Problem first = null;
        for (Problem p : warnings) {
            if (p.line() > 0) {
                count++;
                if (first == null) {
                    first = p;
                }
            } else if (p.message() != null) {
                Matcher m = TOTAL.matcher(p.message());
                if (m.matches()) {
                    total = Long.parseLong(m.group(1));
                }
            }
        }
        if (first == null) {
            return null;
        }
        long n = Math.max(count, total);
        String where = "line " + first.line() + ": " + first.message() + (first.text() == null ? "" : ": " + clip(first.text()));
        return "skipped " + n + (n == 1 ? " line" : " lines") + " (first: " + where + ")";
    }

    private static String clip(String t) {
        String s = t.strip();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
