package io.tcpdoctor.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.Main;
import io.tcpdoctor.lab.Lab;
import io.tcpdoctor.lab.LabNamespaces;
import io.tcpdoctor.lab.LabOptions;
import io.tcpdoctor.testing.TestNetns;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code watch} in a pipe on the lab's {@code close-wait} scenario: every line shows the leak's CLOSE_WAIT count
 * (as {@code ss} counts it in the lab's namespace) and the close-wait-leak finding; on the fixed variant neither.
 */
class WatchLabTest {
    static final int LEAKED = 30;
    static final LabOptions BASE = LabOptions.defaults().inNetns().withRate(0).withDuration(Duration.ofSeconds(90));

    /** Two refreshes of {@code watch -N NETNS} in a pipe. */
    private static List<String> watch(String netns) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "watch", "-N", netns, "--interval", "1", "--count", "2"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("watch --count 2 ends").isTrue();
        assertThat(p.exitValue()).isZero();
        return out.lines().toList();
    }

    private static long ss(String netns, String state) {
        return TestNetns.exec("ip", "netns", "exec", netns, "ss", "-Htan", "state", state).lines().count();
    }

    @Test
    void everyLineShowsTheLeakAndTheFixShowsNone() throws Exception {
        List<String> made = new ArrayList<>();
        try (Lab lab = Lab.start("close-wait", BASE.withCount(LEAKED))) {
            made.add(lab.netns());
            assertThat(ss(lab.netns(), "close-wait")).isEqualTo(LEAKED);
            List<String> lines = watch(lab.netns());
            assertThat(lines).hasSize(2);
            for (String l : lines) {
                assertThat(WatchLiveTest.lineCounts(l)).as(l).containsEntry("CLOSE_WAIT", (long) LEAKED);
                assertThat(l).containsPattern(" findings=(\\S+,)?(warning|critical):close-wait-leak(,|$)");
            }
            assertThat(ss(lab.netns(), "close-wait")).isEqualTo(LEAKED);
        }
        try (Lab lab = Lab.start("close-wait", BASE.withCount(LEAKED).withFix("close"))) {
            made.add(lab.netns());
            assertThat(ss(lab.netns(), "close-wait")).isZero();
            List<String> lines = watch(lab.netns());
            assertThat(lines).hasSize(2);
            for (String l : lines) {
                // The client closed first: its side passes through TIME_WAIT (60 s), the server's leaves nothing.
                assertThat(WatchLiveTest.lineCounts(l)).as(l).doesNotContainKey("CLOSE_WAIT").containsEntry("TIME_WAIT", (long) LEAKED);
                assertThat(l).doesNotContain("close-wait-leak");
            }
        }
        assertThat(LabNamespaces.existing()).as("lab namespaces left").doesNotContainAnyElementsOf(made);
    }
}
