package io.tcpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.testing.Cli;
import io.tcpdoctor.testing.Loopback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a user sees when a command line is wrong, and the shape of the documented outputs. */
class CliErrorsTest {

    private static void oneLineUsageError(Cli.Result r, String expected) {
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownStateListsValidOnes() {
        Cli.Result r = Cli.run("states", "--state", "TIMEWAITING");
        oneLineUsageError(r, "unknown state 'TIMEWAITING'; valid: ESTABLISHED, SYN_SENT");
        assertThat(r.err().lines().count()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--bogus", "--format=yaml", "--sport=http", "--dst=example", "--by=colour", "--source=ebpf"})
    void badOptionsAreUsageErrors(String arg) {
        Cli.Result r = Cli.run("states", arg);
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).startsWith("tcpdoctor: ").doesNotContain("\tat ");
    }

    @Test
    void unknownCommandAndNoCommand() {
        Cli.Result r = Cli.run("stats");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("stats");
        Cli.Result none = Cli.run();
        assertThat(none.code()).isEqualTo(ExitCode.USAGE);
        assertThat(none.err()).contains("states").contains("list");
    }

    @Test
    void helpExplainsFiltersAndExitCodes() {
        Cli.Result r = Cli.run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Exit codes").contains("states").contains("list");
        Cli.Result s = Cli.run("states", "--help");
        assertThat(s.out()).contains("--state").contains("bucket").contains("--by").contains("Examples");
    }

    @Test
    void statesJsonAndCsvShapes() throws Exception {
        try (Loopback lo = new Loopback()) {
            lo.established();
            lo.timeWait();
            String port = Integer.toString(lo.port());
            Cli.Result j = Cli.run("states", "--port", port, "--format", "json");
            assertThat(j.code()).isZero();
            JsonNode doc = new ObjectMapper().readTree(j.out());
            assertThat(doc.get("total").asLong()).isEqualTo(4);
            assertThat(doc.get("states").get("ESTABLISHED").asLong()).isEqualTo(2);
            assertThat(doc.get("states").get("LISTEN").asLong()).isEqualTo(1);
            assertThat(doc.get("states").get("TIME_WAIT").asLong()).isEqualTo(1);
            assertThat(doc.get("warnings").isArray()).isTrue();

            Cli.Result c = Cli.run("states", "--port", port, "--format", "csv");
            assertThat(c.out().lines()).containsExactly("state,count,percent", "ESTABLISHED,2,50.0", "TIME_WAIT,1,25.0",
                    "LISTEN,1,25.0");

            Cli.Result t = Cli.run("states", "--port", port);
            assertThat(t.out().lines().toList()).first().asString().startsWith("STATE");
            assertThat(t.out()).containsPattern("TIME_WAIT\\s+1\\s+25.0").containsPattern("TOTAL\\s+4\\s+100.0");

            Cli.Result byPeer = Cli.run("states", "--port", port, "--by", "remote-port", "--top", "1");
            assertThat(byPeer.out()).contains("REMOTE-PORT").containsPattern("other \\(\\d+ groups\\)");
        }
    }
}
