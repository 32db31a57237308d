package io.tcpdoctor.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.testing.Cli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tcpdoctor lab} from the command line: the guide it prints, its errors, and clean-up when it is killed. */
class LabCommandTest {
    @Test
    void runsHoldsPrintsWhatToRunAndCleansUp() {
        long pid = ProcessHandle.current().pid();
        Cli.Result r = Cli.run("lab", "close-wait", "--netns", "--duration", "3s", "--count", "25", "--rate", "0");
        assertThat(r.code()).as(r.err()).isZero();
        String ns = "tcpdoctor-lab-" + pid + "-close-wait";
        assertThat(r.out())
                .contains("25 CLOSE_WAIT sockets")
                .contains("tcpdoctor states -N " + ns)
                .contains("tcpdoctor diagnose -N " + ns)
                .contains("tcpdoctor watch -N " + ns)
                .contains("Expected finding: close-wait-leak")
                .contains("--fixed")
                .contains("lab ended: sockets closed, namespace deleted");
        assertThat(Observed.leftovers()).isEmpty();
    }

    @Test
    void onTheHostsLoopbackTheGuideSelectsTheLabsPort() {
        Cli.Result r = Cli.run("lab", "close-wait", "--duration", "1s", "--count", "5", "--rate", "0");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("on the host's loopback").containsPattern("tcpdoctor states --port \\d+")
                .contains("lab ended: sockets closed").doesNotContain("namespace deleted");
    }

    @Test
    void staysUnderItsOwnOpenFilesLimit() throws Exception {
        Process p = new ProcessBuilder(List.of("prlimit", "--nofile=300:300", "--", java(), "--enable-native-access=ALL-UNNAMED",
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.tcpdoctor.Main",
                "lab", "fin-wait2", "--count", "400", "--rate", "0", "--duration", "1s")).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(out).contains("count lowered from 400 to 50: this process may open only 300 files")
                .contains("50 FIN_WAIT2").contains("lab ended")
                // The printed diagnose line lowers the fin-wait2-pileup threshold to half the lowered count.
                .containsPattern("tcpdoctor diagnose .*--fin-wait2 25");
    }

    @Test
    void badScenariosAndOptionsAreUsageErrors() {
        Cli.Result list = Cli.run("lab");
        assertThat(list.code()).isZero();
        for (Scenario s : Scenarios.ALL) {
            assertThat(list.out()).contains(s.name() + ": ");
        }
        Cli.Result unknown = Cli.run("lab", "time-waits");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("tcpdoctor: unknown lab scenario 'time-waits'; valid: time-wait, ");
        assertThat(Cli.run("lab", "time-wait", "--fixed=bogus").err()).contains("unknown fix 'bogus' for time-wait; valid: pool, linger");
        assertThat(Cli.run("lab", "syn-sent", "--fixed").code()).isEqualTo(2);
        assertThat(Cli.run("lab", "time-wait", "--fd-limit", "64").code()).isEqualTo(2);
        assertThat(Cli.run("lab", "time-wait", "--duration", "2h").code()).isEqualTo(2);
        assertThat(Cli.run("lab", "time-wait", "--count", "-1").code()).isEqualTo(2);
        assertThat(Observed.leftovers()).isEmpty();
    }

    @Test
    void withoutRootANamespaceScenarioIsAClearError(@TempDir Path tmp) throws Exception {
        // The unprivileged user cannot read root's Maven repository: give it a readable copy of the class path.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> cp = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(":")) {
            Path src = Path.of(entry);
            if (!Files.exists(src) || entry.contains("test-classes")) {
                continue;
            }
            Path dst = tmp.resolve(i++ + "-" + src.getFileName());
            copy(src, dst);
            cp.add(dst.toString());
        }
        Process p = new ProcessBuilder(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                java(), "--enable-native-access=ALL-UNNAMED", "-Xmx64m", "-cp", String.join(":", cp),
                "io.tcpdoctor.Main", "lab", "syn-flood")).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isEqualTo(3);
        assertThat(err.strip()).doesNotContain("\n")
                .startsWith("tcpdoctor: lab syn-flood needs root: it builds a network namespace of its own");
    }

    @Test
    void sigtermCleansUpAndAfterSigkillTheNextRunRemovesTheNamespace() throws Exception {
        Process term = startLab();
        String termNs = LabNamespaces.PREFIX + term.pid() + "-close-wait";
        assertThat(Files.exists(Path.of("/var/run/netns", termNs))).isTrue();
        term.destroy();
        assertThat(term.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(Path.of("/var/run/netns", termNs))).as("deleted by the shutdown hook").isFalse();

        // With --fd-limit the leaking server is a child process of its own: it must not outlive a SIGKILL.
        Process killed = startLab("--fd-limit", "64");
        String killedNs = LabNamespaces.PREFIX + killed.pid() + "-close-wait";
        List<ProcessHandle> grandchildren = killed.descendants().toList();
        assertThat(grandchildren).isNotEmpty();
        killed.destroyForcibly();
        assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (ProcessHandle g : grandchildren) {
            assertThat(g.onExit().get(20, TimeUnit.SECONDS).isAlive()).as("the lab's child ends with it").isFalse();
        }
        assertThat(Files.exists(Path.of("/var/run/netns", killedNs))).as("SIGKILL leaves the namespace").isTrue();
        // The next lab run removes it: its process is gone.
        assertThat(LabNamespaces.removeStale()).contains(killedNs);
        assertThat(Files.exists(Path.of("/var/run/netns", killedNs))).isFalse();
    }

    /** A lab in a child JVM, returned once it printed its guide (the problem is in place). */
    private static Process startLab(String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-Xmx64m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.tcpdoctor.Main",
                "lab", "close-wait", "--netns", "--count", "5", "--rate", "0", "--duration", "60s"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String l; (l = out.readLine()) != null; ) {
                    if (l.startsWith("See it")) {
                        return true;
                    }
                }
            } catch (IOException e) {
                // fall through
            }
            return false;
        });
        try {
            assertThat(ready.get(60, TimeUnit.SECONDS)).as("lab printed its guide").isTrue();
        } catch (Exception | AssertionError e) {
            p.destroyForcibly();
            throw e;
        }
        return p;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void copy(Path src, Path dst) throws IOException {
        if (Files.isDirectory(src)) {
            try (var walk = Files.walk(src)) {
                for (Path s : (Iterable<Path>) walk::iterator) {
                    Path d = dst.resolve(src.relativize(s).toString());
                    if (Files.isDirectory(s)) {
                        Files.createDirectories(d);
                        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
                    } else {
                        Files.copy(s, d);
                        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rw-r--r--"));
                    }
                }
            }
        } else {
            Files.copy(src, dst);
            Files.setPosixFilePermissions(dst, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }
}
