package io.tcpdoctor.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --sample DURATION}: the same option, with the same meaning, in every command that samples. */
public class SampleOption {
    /** The longest sample accepted: sampling holds the command for this long. */
    static final Duration MAX_SAMPLE = Duration.ofMinutes(10);

    @Option(names = "--sample", paramLabel = "DURATION",
            description = "Take two observations this far apart (e.g. 5s, 500ms, 1m; a bare number is seconds) and measure "
                    + "rates between them: closes, counter deltas, growth. Live sources only.")
    String sample;

    /** The sample length, or null when not sampling; a bad value is a usage error. */
    Duration duration() {
        return sample == null ? null : BaseCommand.usage(() -> parse(sample));
    }

    /** Parses a duration such as {@code 5s}, {@code 500ms}, {@code 1m} or {@code 5} (seconds). */
    static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            } else if (t.endsWith("m")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
            } else {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
            }
            if (d.isNegative() || d.isZero() || d.compareTo(MAX_SAMPLE) > 0) {
                throw new IllegalArgumentException("--sample must be between 1ms and 10m, got '" + text + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad duration '" + text + "'; use e.g. 5s, 500ms or 1m");
        }
    }
}
