package io.tcpdoctor.cli;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one parser of every duration option ({@code --sample}, {@code --interval}, {@code --owner-interval},
 * {@code --request-timeout}, {@code --duration}, {@code --timeout}, {@code --since}): a number with a unit,
 * {@code 500ms}, {@code 2s}, {@code 1.5m}, {@code 1h}, {@code 7d}, or a bare number of seconds. Each option has its own
 * bounds; every bad value is a usage error in one of two messages.
 */
final class Durations {
    private Durations() {
    }

    private static final Pattern FORM = Pattern.compile("(\\d{1,12}(?:\\.\\d{1,9})?|\\.\\d{1,9})(ms|s|m|h|d)?");

    /**
     * Parses {@code text} for {@code option}; a value that is not a duration, or outside [{@code min}, {@code max}],
     * is a usage error (exit 2).
     */
    static Duration parse(String option, String text, Duration min, Duration max) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TcpdoctorException(ExitCode.USAGE, option + ": bad duration '" + text
                    + "'; use e.g. 500ms, 2s, 1m or 1h (a bare number is seconds)");
        }
        long unitMillis = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
        };
        // Math.round saturates, so a huge number ends up above the bound rather than wrapping.
        Duration d = Duration.ofMillis(Math.round(Double.parseDouble(m.group(1)) * unitMillis));
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new TcpdoctorException(ExitCode.USAGE, option + " must be between " + human(min) + " and " + human(max)
                    + ", got '" + text + "'");
        }
        return d;
    }

    /** A duration in the largest unit that shows it whole: {@code 100ms}, {@code 1s}, {@code 10m}, {@code 1h}, {@code 7d}. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }
}
