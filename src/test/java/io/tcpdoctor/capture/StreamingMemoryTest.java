package io.tcpdoctor.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpdoctor.testing.BigCapture;
import io.tcpdoctor.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * list, states --by, diagnose and check stream a capture: 300,000 rows (about 75 MB as records) go through a 24 MB
 * heap. The full 1 GB run is bench/stream-memory.sh.
 */
class StreamingMemoryTest {
    static final int ROWS = 300_000;
    static final String HEAP = "-Xmx24m";

    @TempDir
    static Path tmp;
    static Path capture;

    @BeforeAll
    static void generate() throws Exception {
        capture = BigCapture.netstat(tmp.resolve("netstat-1m.txt"), ROWS);
    }

    private static ChildJvm.Result run(String redirect, String... args) throws Exception {
        return run(0, redirect, args);
    }

    private static ChildJvm.Result run(int code, String redirect, String... args) throws Exception {
        ChildJvm.Result r = ChildJvm.bash(ChildJvm.command(HEAP, args) + redirect, 300);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(code);
        assertThat(r.err()).doesNotContain("out of memory");
        return r;
    }

    /** Sum of one evidence value over the findings with this id, and how many there are. */
    private static long[] sum(JsonNode doc, String id, String key) {
        long n = 0;
        long total = 0;
        for (JsonNode f : doc.get("findings")) {
            if (f.get("id").asText().equals(id)) {
                n++;
                total += f.get("evidence").get(key).asLong();
            }
        }
        return new long[] {n, total};
    }

    @Test
    void diagnoseKeepsAggregatesNotRows() throws Exception {
        // One row in eight of each kind: 37,500 CLOSE_WAIT, FIN_WAIT2 and SYN_SENT, 75,000 TIME_WAIT.
        long eighth = ROWS / 8;
        JsonNode doc = new ObjectMapper().readTree(run("", "diagnose", "-o", "json", "-i", capture.toString()).out());
        assertThat(doc.get("total").asLong()).isEqualTo(ROWS);
        assertThat(doc.get("states").get("TIME_WAIT").asLong()).isEqualTo(2 * eighth);
        assertThat(doc.get("status").asText()).isEqualTo("warning");
        // Seven java processes each hold their share of CLOSE_WAIT; 16 destinations get the SYN_SENT.
        assertThat(sum(doc, "close-wait-leak", "close_wait")).containsExactly(7, eighth);
        assertThat(sum(doc, "syn-sent-pileup", "syn_sent")).containsExactly(16, eighth);
        assertThat(sum(doc, "fin-wait2-pileup", "held_open")).containsExactly(1, eighth);
        // 64 remote hosts x 2 ports from 11 local addresses: 1,408 destinations.
        assertThat(doc.get("facts").get("destinations").asInt()).isEqualTo(11 * 128);
        String text = run("", "diagnose", "-i", capture.toString()).out();
        assertThat(text).contains("close-wait-leak").contains("syn-sent-pileup").contains("fin-wait2-pileup")
                .contains(Long.toString(ROWS));
    }

    @Test
    void checkAnswersOneLineFromAggregates() throws Exception {
        ChildJvm.Result line = run(1, "", "check", "-i", capture.toString());
        assertThat(line.out().lines().count()).isEqualTo(1);
        assertThat(line.out()).startsWith("TCPDOCTOR WARNING - ").contains("total=" + ROWS).contains("close_wait=" + ROWS / 8);
        JsonNode doc = new ObjectMapper().readTree(run(1, "", "check", "-o", "json", "-i", capture.toString()).out());
        assertThat(doc.get("exit_code").asInt()).isEqualTo(1);
        assertThat(doc.get("status").asText()).isEqualToIgnoringCase("warning");
    }

    @Test
    void listStreamsEveryFormat() throws Exception {
        for (String fmt : new String[] {"text", "csv", "json"}) {
            Path out = tmp.resolve("list." + fmt);
            run(" > '" + out + "'", "list", "-p", "-o", fmt, "-i", capture.toString());
            long rows;
            try (var lines = Files.lines(out)) {
                rows = fmt.equals("json") ? lines.filter(l -> l.contains("\"proto\"")).count() : lines.count() - 1;
            }
            assertThat(rows).as(fmt).isEqualTo(ROWS);
            Files.delete(out);
        }
    }

    @Test
    void statesByStreamsIntoGroups() throws Exception {
        ChildJvm.Result peer = run("", "states", "--by", "peer", "--top", "0", "-o", "csv", "-i", capture.toString());
        // 64 destinations x 2 ports, every row counted once.
        long total = peer.out().lines().skip(1).mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(',') + 1))).sum();
        assertThat(total).isEqualTo(ROWS);
        ChildJvm.Result port = run("", "states", "--by", "local-port", "--top", "5", "-i", capture.toString());
        assertThat(port.out()).contains("other (27995 groups)").contains("TOTAL");
        ChildJvm.Result process = run("", "states", "--by", "process", "-o", "json", "-i", capture.toString());
        assertThat(process.out()).contains("\"total\" : " + ROWS);
    }
}
