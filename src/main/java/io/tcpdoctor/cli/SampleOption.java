package io.tcpdoctor.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --sample DURATION}: the same option, with the same meaning, in every command that samples. */
public class SampleOption {
    /** The longest sample accepted: sampling holds the command for this long. */
    static final Duration MAX_SAMPLE = Duration.ofMinutes(10);

    @Option(names = "--sample", paramLabel = "DURATION",
            description = "Take two observations this far apart (e.g. 5s, 500ms, 1m; a bare number is seconds; 1ms to 10m) "
                    + "and measure rates between them: closes, counter deltas, growth. Live sources only.")
    String sample;

    /** The sample length, or null when not sampling; a bad value is a usage error. */
    Duration duration() {
        return sample == null ? null : Durations.parse("--sample", sample, Duration.ofMillis(1), MAX_SAMPLE);
    }
}
