package io.tcpdoctor.capture;

import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.SocketRecord;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Addresses a poster hid before pasting ({@code ...}, {@code xxx.xxx.xxx.xxx}, {@code 10.x.x.15}, {@code <redacted>}):
 * such a row still counts by its state, as the awk one-liner counts it, but its address is unknown, and the
 * reader says how many rows that was.
 */
final class Redaction {
    private Redaction() {
    }

    /** Only mask characters: dots, stars, x, #, ?, dashes. */
    private static final Pattern MASK = Pattern.compile("[.*xX#?_-]+");
    /** A dotted quad with at least one masked octet. */
    private static final Pattern MASKED_QUAD = Pattern.compile("(\\d{1,3}|[xX*#?]+)(\\.(\\d{1,3}|[xX*#?]+)){3}");

    /** True when either address of the row was hidden. */
    static boolean redacted(SocketRecord r) {
        return hidden(r.local()) || hidden(r.remote());
    }

    /** The hidden address text of the row, for the warning's example. */
    static String example(SocketRecord r) {
        return hidden(r.local()) ? r.local().host() : r.remote().host();
    }

    private static boolean hidden(Endpoint e) {
        if (e == null || e.address() != null || e.host() == null) {
            return false;
        }
        String h = e.host().strip();
        if (h.isEmpty()) {
            return false;
        }
        String lower = h.toLowerCase(Locale.ROOT);
        return MASK.matcher(h).matches() || lower.contains("redact") || lower.contains("hidden") || lower.contains("masked")
                || (MASKED_QUAD.matcher(h).matches() && !h.chars().allMatch(c -> Character.isDigit(c) || c == '.'));
    }
}
