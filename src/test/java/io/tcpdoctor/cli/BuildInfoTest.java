package io.tcpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.Main;
import io.tcpdoctor.testing.Command;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tcpdoctor --version}: version, commit recorded at build time, Java runtime; fast. */
class BuildInfoTest {
    private static final Path PROJECT = Path.of("").toAbsolutePath();

    private static List<String> run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.execute(new PrintStream(out), new PrintStream(new ByteArrayOutputStream()), args);
        assertThat(code).isZero();
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void printsVersionCommitAndRuntime() {
        List<String> lines = run("--version");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).matches("tcpdoctor \\d+\\.\\d+\\.\\d+.*");
        Command.Result git = Command.run(List.of("git", "-C", PROJECT.toString(), "rev-parse", "--short=12", "HEAD"), null, null,
                Duration.ofSeconds(30));
        String expected = git.code() == 0 ? git.out().strip() : "unknown";
        assertThat(lines.get(1)).startsWith("commit:  " + expected);
        assertThat(lines.get(2)).contains("Java " + Runtime.version(), System.getProperty("java.vendor"),
                System.getProperty("java.home"));
        // The suite runs with the native library, as the launchers do (NativeCallsTest checks both ways).
        assertThat(lines.get(3)).isEqualTo("system calls: " + io.tcpdoctor.collect.Libc.nativeCalls())
                .startsWith("system calls: JNI ").endsWith("/libtcpdoctor-syscall.so");
        assertThat(run("-V")).isEqualTo(lines);
        // Every command's --version (picocli's standard option) prints the same.
        assertThat(run("states", "--version")).isEqualTo(lines);
        assertThat(run("diagnose", "--version")).isEqualTo(lines);
    }

    @Test
    void versionDoesNotLoadTheCommandLineModel() {
        String cp = PROJECT.resolve("target/classes") + File.pathSeparator
                + CommandLine.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        Command.Result r = Command.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info", "-cp", cp, "io.tcpdoctor.Main", "--version"), null, null, Duration.ofMinutes(1)).ok();
        assertThat(r.out()).contains("io.tcpdoctor.cli.BuildInfo ").doesNotContain("picocli.CommandLine ");
    }

    /** VERSION and COMMIT of a written BuildData source, after checking it is the class the program compiles. */
    private static String recorded(Path source) throws Exception {
        String text = Files.readString(source);
        assertThat(text).startsWith("package io.tcpdoctor.cli;").contains("final class BuildData {");
        java.util.regex.Matcher v = java.util.regex.Pattern.compile("VERSION = \"([^\"]*)\";").matcher(text);
        java.util.regex.Matcher c = java.util.regex.Pattern.compile("COMMIT = \"([^\"]*)\";").matcher(text);
        assertThat(v.find() && c.find()).isTrue();
        return v.group(1) + " " + c.group(1);
    }

    @Test
    void commitIsUnknownOutsideTheProjectsGitRepository(@TempDir Path dir) throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("tree/scripts"));
        Files.copy(PROJECT.resolve("scripts/build-info.sh"), scripts.resolve("build-info.sh"));
        Path props = dir.resolve("out/BuildData.java");
        Command.run(List.of("sh", scripts.resolve("build-info.sh").toString(), "9.8.7", props.toString()), dir, null,
                Duration.ofSeconds(30)).ok();
        assertThat(recorded(props)).isEqualTo("9.8.7 unknown");

        // Inside its own repository it records the commit, marked dirty when tracked files changed.
        Path tree = dir.resolve("tree");
        Command.run(List.of("git", "-C", tree.toString(), "init", "-q"), null, null, Duration.ofSeconds(30)).ok();
        Command.run(List.of("git", "-C", tree.toString(), "add", "."), null, null, Duration.ofSeconds(30)).ok();
        Command.run(List.of("git", "-C", tree.toString(), "-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "-qm", "x"),
                null, null, Duration.ofSeconds(30)).ok();
        String head = Command.run(List.of("git", "-C", tree.toString(), "rev-parse", "--short=12", "HEAD"), null, null,
                Duration.ofSeconds(30)).ok().out().strip();
        Command.run(List.of("sh", scripts.resolve("build-info.sh").toString(), "9.8.7", props.toString()), dir, null,
                Duration.ofSeconds(30)).ok();
        assertThat(recorded(props)).isEqualTo("9.8.7 " + head);
        Files.writeString(scripts.resolve("build-info.sh"), "\n# changed\n", java.nio.file.StandardOpenOption.APPEND);
        Command.run(List.of("sh", scripts.resolve("build-info.sh").toString(), "9.8.7", props.toString()), dir, null,
                Duration.ofSeconds(30)).ok();
        assertThat(recorded(props)).isEqualTo("9.8.7 " + head + "-dirty");
    }
}
