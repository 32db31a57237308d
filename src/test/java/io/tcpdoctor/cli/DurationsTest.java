package io.tcpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.testing.Cli;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurationsTest {
    private static final Duration MIN = Duration.ofMillis(1);
    private static final Duration MAX = Duration.ofDays(365);

    private static Duration parse(String text) {
        return Durations.parse("--x", text, MIN, MAX);
    }

    @Test
    void acceptsOneSetOfForms() {
        assertThat(parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(parse("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(parse("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(parse("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(parse(".5")).isEqualTo(Duration.ofMillis(500));
        assertThat(parse(" 2S ")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void rejectsWhatIsNotADurationInOneMessage() {
        for (String bad : List.of("soon", "", "-5s", "5 s", "10 minutes", "1e3", "NaN", "Infinity", "5x", "1.2.3s", "s")) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(TcpdoctorException.class)
                    .hasMessage("--x: bad duration '" + bad + "'; use e.g. 500ms, 2s, 1m or 1h (a bare number is seconds)")
                    .extracting(e -> ((TcpdoctorException) e).exitCode()).isEqualTo(ExitCode.USAGE);
        }
    }

    @Test
    void boundsArePerOption() {
        assertThatThrownBy(() -> Durations.parse("--interval", "50ms", Duration.ofMillis(100), Duration.ofMinutes(10)))
                .hasMessage("--interval must be between 100ms and 10m, got '50ms'");
        assertThatThrownBy(() -> Durations.parse("--since", "0", Duration.ofSeconds(1), Duration.ofDays(7)))
                .hasMessage("--since must be between 1s and 7d, got '0'");
        // A number too big for a long saturates and lands above the bound instead of wrapping round.
        assertThatThrownBy(() -> parse("999999999999d")).hasMessageContaining("must be between 1ms and 365d");
        assertThat(Durations.human(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.human(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.human(Duration.ZERO)).isEqualTo("0s");
    }

    /** Every duration option of every command goes through the one parser: same forms, same two messages. */
    @Test
    void everyDurationOptionSpeaksTheSameWay() {
        String prom = "http://127.0.0.1:1";
        List<List<String>> lines = List.of(
                List.of("diagnose", "--sample"),
                List.of("capacity", "--from-host", "--sample"),
                List.of("watch", "--count", "1", "--interval"),
                List.of("serve", "--interval"),
                List.of("serve", "--owner-interval"),
                List.of("serve", "--request-timeout"),
                List.of("lab", "time-wait", "--duration"),
                List.of("fleet", "--prometheus", prom, "--timeout"),
                List.of("fleet", "--prometheus", prom, "--since"));
        for (List<String> line : lines) {
            String option = line.getLast();
            Cli.Result bad = run(line, "soon");
            assertThat(bad.code()).as(line.toString()).isEqualTo(ExitCode.USAGE);
            assertThat(bad.err()).as(line.toString()).startsWith("tcpdoctor: " + option + ": bad duration 'soon'; use e.g. 500ms");
            Cli.Result tooLong = run(line, "400d");
            assertThat(tooLong.code()).as(line.toString()).isEqualTo(ExitCode.USAGE);
            assertThat(tooLong.err()).as(line.toString()).startsWith("tcpdoctor: " + option + " must be between ")
                    .contains(", got '400d'");
        }
    }

    private static Cli.Result run(List<String> line, String value) {
        String[] args = new String[line.size() + 1];
        for (int i = 0; i < line.size(); i++) {
            args[i] = line.get(i);
        }
        args[line.size()] = value;
        return Cli.run(args);
    }
}
