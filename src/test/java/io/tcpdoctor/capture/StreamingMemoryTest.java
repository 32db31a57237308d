package io.tcpdoctor.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.testing.BigCapture;
import io.tcpdoctor.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * list and states --by stream a capture: 300,000 rows (about 75 MB as records) go through a 24 MB heap.
 * The full 1 GB run is bench/stream-memory.sh.
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
        ChildJvm.Result r = ChildJvm.bash(ChildJvm.command(HEAP, args) + redirect, 300);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        assertThat(r.err()).doesNotContain("out of memory");
        return r;
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
