package io.tcpdoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpdoctor.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real netstat -tanp capture taken in a namespace: a python3 process half-closed 400 connections with
 * shutdown(SHUT_WR) and kept them (FIN_WAIT2 with an owner), and closed 120 (orphaned FIN_WAIT2, shown as "-").
 */
class FinWait2CaptureTest {
    static final String CAPTURE = "src/test/resources/captures/netstat/netstat-antp-fin-wait2.txt";

    @TempDir
    Path tmp;

    @Test
    void socketsWithAnOwnerAreHeldOpenNotOrphaned() {
        Cli.Result r = Cli.run("diagnose", "--input", CAPTURE, "--format", "json");
        JsonNode f = Reports.single(Reports.parse(r.out()), "fin-wait2-pileup");
        JsonNode ev = f.get("evidence");
        assertThat(ev.get("fin_wait2").asLong()).isEqualTo(520);
        assertThat(ev.get("held_open").asLong()).isEqualTo(400);
        assertThat(ev.get("orphaned").asLong()).isEqualTo(120);
        assertThat(f.get("process").get("name").asText()).isEqualTo("python3");
        assertThat(f.get("explanation").asText()).contains("400 of them still belong to a process")
                .contains("tcp_fin_timeout does not apply to them");
    }

    @Test
    void withoutTheOwnerColumnNothingIsCalledOrphaned() throws Exception {
        // The same capture as netstat -tan would print it: no PID/Program column.
        StringBuilder b = new StringBuilder();
        for (String line : Files.readAllLines(Path.of(CAPTURE))) {
            b.append(line.startsWith("tcp") ? line.substring(0, Math.min(line.length(), 79)).stripTrailing()
                    : line.replace("PID/Program name", "").stripTrailing()).append('\n');
        }
        Path plain = tmp.resolve("netstat-tan.txt");
        Files.writeString(plain, b.toString());
        Cli.Result r = Cli.run("diagnose", "--input", plain.toString(), "--format", "json");
        JsonNode f = Reports.single(Reports.parse(r.out()), "fin-wait2-pileup");
        assertThat(f.get("evidence").has("orphaned")).isFalse();
        assertThat(f.get("evidence").has("held_open")).isFalse();
        assertThat(f.get("explanation").asText()).contains("cannot tell orphans");
    }
}
