package io.tcpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpdoctor.testing.BigCapture;
import io.tcpdoctor.testing.ChildJvm;
import io.tcpdoctor.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check keeps Nagios semantics whatever fails: one UNKNOWN line (or one JSON document) and exit 3. */
class CheckUnknownTest {
    static final String CAPTURE = "src/test/resources/captures/netstat/netstat-antp.txt";

    @TempDir
    Path tmp;

    @Test
    void everyFailureIsOneUnknownLine() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty.txt"), "");
        String[][] bad = {
            {"check", "--ports-warn", "NaN"}, {"check", "--ports-warn", "abc"}, {"check", "--ports-crit", "Infinity"},
            {"check", "--fd-warn", "-Infinity"}, {"check", "--close-wait", "x"}, {"check", "--close-wait", "0"}, {"check", "--fin-wait2", "0"},
            {"check", "--bogus"}, {"check", "extra-word"}, {"check", "-N", ""}, {"check", "-i", tmp.resolve("none").toString()},
            {"check", "-i", empty.toString()}, {"check", "--sample", "5x"}, {"check", "--lang", "xx"}, {"check", "-o", "yaml"},
            {"check", "-N", "td-no-such-namespace"}, {"--debug", "check", "--time-wait", "NaN"},
        };
        for (String[] args : bad) {
            Cli.Result r = Cli.run(args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.out() + r.err()).isEqualTo(3);
            assertThat(r.out()).as(String.join(" ", args)).startsWith("TCPDOCTOR UNKNOWN - ");
            assertThat(r.out().lines().count()).as(String.join(" ", args)).isEqualTo(1);
        }
        Cli.Result json = Cli.run("check", "-o", "json", "--ports-warn", "NaN");
        assertThat(json.code()).isEqualTo(3);
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertThat(doc.get("status").asText()).isEqualTo("UNKNOWN");
        assertThat(doc.get("exit_code").asInt()).isEqualTo(3);
        assertThat(doc.get("summary").asText()).contains("NaN");
        Cli.Result jsonUsage = Cli.run("check", "--format=json", "--bogus");
        assertThat(new ObjectMapper().readTree(jsonUsage.out()).get("status").asText()).isEqualTo("UNKNOWN");
    }

    @Test
    void aGoodCheckStillAnswers() {
        Cli.Result r = Cli.run("check", "-i", CAPTURE);
        assertThat(r.code()).isIn(0, 1, 2);
        assertThat(r.out().lines().count()).isEqualTo(1);
        assertThat(r.out()).startsWith("TCPDOCTOR ");
    }

    @Test
    void outOfMemoryIsUnknown() throws Exception {
        Path big = BigCapture.netstatEveryDestination(tmp.resolve("big.txt"), 400_000);
        // A heap far too small for this capture's 50,000 tracked destinations: the JVM runs out of memory inside
        // the diagnosis.
        ChildJvm.Result r = ChildJvm.bash(ChildJvm.command("-Xmx12m -XX:-UseCompressedOops", "check", "-i", big.toString()), 180);
        assertThat(r.out().lines().count()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).startsWith("TCPDOCTOR ");
        assertThat(r.out()).contains("out of memory");
        assertThat(r.code()).isEqualTo(3);
    }
}
