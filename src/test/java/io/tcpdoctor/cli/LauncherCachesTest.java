package io.tcpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which start-up cache and which JVM options the launchers give each command line: {@code ./tcpdoctor} runs from a
 * copy of the project whose jar and caches are up to date, the release packages' launcher from a copy of the
 * package's tree; either with a {@code java} that prints its arguments.
 */
class LauncherCachesTest {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final String[] KINDS = {"small", "live", "fast", "explain", "full"};
    /** The project's copy: a space and a quote in its path, which the launcher's list of sources and options keep. */
    private static final String TREE = "tree's copy";

    @TempDir
    Path dir;

    /** Which launcher the test runs: the source tree's, or the release packages'. */
    private boolean packaged;

    @BeforeEach
    void copyOfTheProjectAndOfThePackage() throws IOException {
        Path tree = Files.createDirectories(dir.resolve(TREE));
        Files.copy(PROJECT.resolve("tcpdoctor"), tree.resolve("tcpdoctor"));
        Files.createDirectories(tree.resolve("scripts"));
        Files.copy(PROJECT.resolve("scripts/java-env.sh"), tree.resolve("scripts/java-env.sh"));
        Files.copy(PROJECT.resolve("scripts/launch-options.sh"), tree.resolve("scripts/launch-options.sh"));
        Files.copy(PROJECT.resolve("scripts/runtime.sh"), tree.resolve("scripts/runtime.sh"));
        Path source = Files.createDirectories(tree.resolve("src/main/java")).resolve("A.java");
        Files.writeString(source, "class A {}\n");
        Files.writeString(tree.resolve("pom.xml"), "<project/>\n");
        printingJava(dir.resolve("jdk"));
        Files.writeString(dir.resolve("jdk/release"), "JAVA_VERSION=\"25.0.1\"\n");
        Files.writeString(Files.createDirectories(dir.resolve("jdk/lib")).resolve("modules"), "modules");
        Path target = Files.createDirectories(tree.resolve("target"));
        Instant now = Instant.now();
        for (Path p : List.of(source, source.getParent(), source.getParent().getParent(), tree.resolve("pom.xml"))) {
            Files.setLastModifiedTime(p, FileTime.from(now.minusSeconds(600)));
        }
        Files.writeString(target.resolve("tcpdoctor.jar"), "jar");
        Files.setLastModifiedTime(target.resolve("tcpdoctor.jar"), FileTime.from(now.minusSeconds(300)));
        Path home = Files.createDirectories(dir.resolve("package"));
        Files.createDirectories(home.resolve("bin"));
        Files.copy(PROJECT.resolve("packaging/tcpdoctor"), home.resolve("bin/tcpdoctor"));
        Path lib = Files.createDirectories(home.resolve("lib"));
        Files.copy(PROJECT.resolve("scripts/launch-options.sh"), lib.resolve("launch-options.sh"));
        Files.writeString(lib.resolve("tcpdoctor.jar"), "jar");
        printingJava(home.resolve("runtime"));
        for (String k : KINDS) {
            Files.writeString(target.resolve("tcpdoctor-" + k + ".aot"), "cache");
            Files.writeString(lib.resolve("tcpdoctor-" + k + ".aot"), "cache");
        }
    }

    /** A Java home whose java prints its arguments, one a line. */
    private static void printingJava(Path home) throws IOException {
        printingJava(home, "");
    }

    /** A Java home whose java prints this first line (when not empty), then its arguments, one a line. */
    private static void printingJava(Path home, String first) throws IOException {
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n" + (first.isEmpty() ? "" : "echo '" + first + "'\n")
                + "for a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * A runtime image in the tree's target/, as ./tcpdoctor makes it at a build: its java prints "runtime image"
     * first, and it says it was made from {@code from}, whose lib/modules had the time {@code modulesTime}.
     */
    private Path runtimeImage(Path from, FileTime modulesTime) throws IOException {
        Path image = dir.resolve(TREE + "/target/runtime");
        printingJava(image, "runtime image");
        Path stamp = image.resolve("tcpdoctor-jdk");
        Files.writeString(stamp, from + "\n");
        Files.setLastModifiedTime(stamp, modulesTime);
        return image;
    }

    /** Runs each check with the source tree's launcher, then with the package's. */
    private void bothLaunchers(ThrowingCheck check) throws IOException {
        packaged = false;
        check.run();
        packaged = true;
        check.run();
    }

    private interface ThrowingCheck {
        void run() throws IOException;
    }

    /** The arguments the launcher gave java. */
    private List<String> javaArgs(String... args) {
        List<String> cmd = new ArrayList<>(packaged ? List.of("sh", dir.resolve("package/bin/tcpdoctor").toString())
                : List.of("sh", dir.resolve(TREE + "/tcpdoctor").toString()));
        cmd.addAll(List.of(args));
        Command.Result r = Command.run(cmd, dir, Map.of("JAVA_HOME", dir.resolve("jdk").toString(),
                "TCPDOCTOR_JAVA_OPTS", ""), Duration.ofSeconds(30)).ok();
        assertThat(r.err()).as("the launcher built nothing").isEmpty();
        List<String> out = r.out().lines().toList();
        assertThat(out).as("the jar as class path").containsSubsequence("-cp",
                (packaged ? dir.resolve("package/lib/tcpdoctor.jar") : dir.resolve(TREE + "/target/tcpdoctor.jar")).toString(),
                "io.tcpdoctor.Main");
        return out;
    }

    /** The file name of the cache given to java, or null for none. */
    private String cache(String... args) {
        for (String a : javaArgs(args)) {
            if (a.startsWith("-XX:AOTCache=")) {
                return Path.of(a.substring("-XX:AOTCache=".length())).getFileName().toString();
            }
        }
        return null;
    }

    /** The number of TCP sockets /proc/net/sockstat and sockstat6 give for this namespace (as the launcher reads it). */
    private static long sockstatTotal() throws IOException {
        long n = 0;
        for (String line : Files.readAllLines(Path.of("/proc/net/sockstat"))) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals("TCP:")) {
                n += Long.parseLong(f[2]) + Long.parseLong(f[6]);
            }
        }
        Path v6 = Path.of("/proc/net/sockstat6");
        if (Files.isReadable(v6)) {
            for (String line : Files.readAllLines(v6)) {
                String[] f = line.trim().split("\\s+");
                if (f[0].equals("TCP6:")) {
                    n += Long.parseLong(f[2]);
                }
            }
        }
        return n;
    }

    @Test
    void eachKindOfCommandLineGetsItsCache() throws IOException {
        bothLaunchers(this::eachKindGetsItsCache);
    }

    private void eachKindGetsItsCache() throws IOException {
        assertThat(cache("--version")).isEqualTo("tcpdoctor-small.aot");
        assertThat(cache("-V")).isEqualTo("tcpdoctor-small.aot");
        assertThat(cache("list")).isEqualTo("tcpdoctor-live.aot");
        assertThat(cache("list", "-p", "--state", "close-wait", "--dport", "3306", "-4", "--src=10.0.0.0/8"))
                .isEqualTo("tcpdoctor-live.aot");
        assertThat(cache("states", "--sport", "80")).isEqualTo("tcpdoctor-live.aot");
        assertThat(cache("list", "--format", "json")).isEqualTo("tcpdoctor-fast.aot");
        assertThat(cache("list", "--input", "capture.txt")).isEqualTo("tcpdoctor-fast.aot");
        assertThat(cache("states", "--by", "process")).isEqualTo("tcpdoctor-fast.aot");
        assertThat(cache("explain", "time-wait")).isEqualTo("tcpdoctor-explain.aot");
        assertThat(cache("diagnose")).isEqualTo("tcpdoctor-full.aot");
        assertThat(cache("states", "--help")).isEqualTo("tcpdoctor-full.aot");
        assertThat(cache("explain", "-h")).isEqualTo("tcpdoctor-full.aot");
        // states counted from /proc on a small table, over netlink on a large one.
        String expected = sockstatTotal() <= 20_000 ? "tcpdoctor-small.aot" : "tcpdoctor-live.aot";
        assertThat(cache("states")).isEqualTo(expected);
        assertThat(cache("states", "--state", "time-wait", "-6")).isEqualTo(expected);
    }

    /**
     * The native library beside the jar is named to java (-Dtcpdoctor.native), and states then counts only tables of
     * up to 2,000 sockets from /proc (the small cache); without it, none is named and the limit is 20,000.
     */
    @Test
    void theNativeLibraryBesideTheJarIsNamedAndMovesTheStatesLimit() throws IOException {
        bothLaunchers(() -> assertThat(javaArgs("list")).noneMatch(a -> a.startsWith("-Dtcpdoctor.native")));
        Path treeLib = Files.writeString(dir.resolve(TREE + "/target/libtcpdoctor-syscall.so"), "lib");
        Path packageLib = Files.writeString(dir.resolve("package/lib/libtcpdoctor-syscall.so"), "lib");
        bothLaunchers(() -> {
            Path lib = packaged ? packageLib : treeLib;
            assertThat(javaArgs("list")).contains("-Dtcpdoctor.native=" + lib);
            assertThat(javaArgs("states", "--input", "x.txt")).contains("-Dtcpdoctor.native=" + lib);
            String expected = sockstatTotal() <= 2_000 ? "tcpdoctor-small.aot" : "tcpdoctor-live.aot";
            assertThat(cache("states")).isEqualTo(expected);
            assertThat(cache("--version")).isEqualTo("tcpdoctor-small.aot");
        });
    }

    @Test
    void theCommandsOwnOptions() throws IOException {
        bothLaunchers(this::ownOptions);
    }

    private void ownOptions() {
        List<String> list = javaArgs("list");
        assertThat(list).contains("-XX:TieredStopAtLevel=1", "-XX:-AOTReplayTraining", "-cp", "io.tcpdoctor.Main")
                .endsWith("io.tcpdoctor.Main", "list");
        // Short commands leave the JDK's class writer to the interpreter, quietly (the JVM would print the command).
        String exclude = "-XX:CompileCommand=exclude,jdk.internal.classfile.impl.StackMapGenerator::processBlock";
        assertThat(list).contains("-XX:CompileCommand=quiet", exclude);
        assertThat(list.indexOf("-XX:CompileCommand=quiet")).isLessThan(list.indexOf(exclude));
        assertThat(javaArgs("diagnose")).contains(exclude);
        // C1 alone does not replay the training's compilations; the full JIT on a capture, or serve, does.
        assertThat(javaArgs("diagnose")).contains("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining");
        assertThat(javaArgs("diagnose", "--input", "x.txt")).doesNotContain("-XX:-AOTReplayTraining");
        assertThat(javaArgs("serve")).doesNotContain("-XX:-AOTReplayTraining");
        // Long-running commands get the full JIT and a heap cap.
        assertThat(javaArgs("serve")).contains("-Xmx256m").doesNotContain("-XX:TieredStopAtLevel=1", exclude);
        // Captures are parsed by long loops: the optimizing compiler.
        assertThat(javaArgs("states", "--input", "x.txt")).doesNotContain("-XX:TieredStopAtLevel=1");
    }

    @Test
    void theSourceTreeRunsOnTheRuntimeImageMadeFromItsJdk() throws IOException {
        Path modules = dir.resolve("jdk/lib/modules");
        runtimeImage(dir.resolve("jdk"), Files.getLastModifiedTime(modules));
        assertThat(javaArgs("list")).first().isEqualTo("runtime image");
        assertThat(cache("list")).isEqualTo("tcpdoctor-live.aot");
        // The JDK of the tree is not the one the image was made from: the image goes, and the caches are recorded
        // again by the JDK itself (this JDK cannot link an image: no jdeps, no jlink).
        runtimeImage(dir.resolve("other-jdk"), Files.getLastModifiedTime(modules));
        assertThat(javaArgs("list")).doesNotContain("runtime image");
        assertThat(dir.resolve(TREE + "/target/runtime")).doesNotExist();
        // The printing java records no cache: each kind is marked as failed for this jar (an empty file).
        for (String k : KINDS) {
            assertThat(dir.resolve(TREE + "/target/tcpdoctor-" + k + ".aot")).isEmptyFile();
        }
        assertThat(cache("list")).isNull();
        // An update of the same JDK (its lib/modules changed) too.
        runtimeImage(dir.resolve("jdk"), FileTime.from(Files.getLastModifiedTime(modules).toInstant().minusSeconds(60)));
        assertThat(javaArgs("list")).doesNotContain("runtime image");
        assertThat(dir.resolve(TREE + "/target/runtime")).doesNotExist();
    }

    @Test
    void anEmptyCacheMeansNone() throws IOException {
        // A failed recording leaves an empty file: the command runs without a cache, and nothing is recorded again.
        Files.writeString(dir.resolve(TREE + "/target/tcpdoctor-explain.aot"), "");
        Files.writeString(dir.resolve("package/lib/tcpdoctor-explain.aot"), "");
        bothLaunchers(() -> {
            assertThat(cache("explain", "time-wait")).isNull();
            assertThat(cache("diagnose")).isEqualTo("tcpdoctor-full.aot");
        });
        assertThat(dir.resolve(TREE + "/target/tcpdoctor-explain.aot")).isEmptyFile();
    }

    /**
     * The tree's launcher lists the sources once after a build (as a line of shell it sources, paths with a quote
     * and a space kept whole), builds nothing while none is newer than the jar, and builds as soon as one is: here
     * with a stand-in for Maven that says it ran and fails.
     */
    @Test
    void aSourceEditedAfterTheBuildMakesTheTreeLauncherBuild() throws IOException {
        packaged = false;
        assertThat(cache("list")).isEqualTo("tcpdoctor-live.aot");
        Path list = dir.resolve(TREE + "/target/.sources.sh");
        // Each path quoted for the shell: the quote in "tree's copy" as '\''.
        assertThat(Files.readString(list)).startsWith("set -- \\\n")
                .contains("'" + dir.resolve("tree") + "'\\''s copy/pom.xml' \\\n");
        assertThat(cache("list")).as("the list read back, nothing built").isEqualTo("tcpdoctor-live.aot");

        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\necho \"mvn $*\" > \"$(dirname \"$0\")/ran\"\nexit 1\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setLastModifiedTime(dir.resolve(TREE + "/src/main/java/A.java"), FileTime.from(Instant.now()));
        Command.Result r = Command.run(List.of("sh", dir.resolve(TREE + "/tcpdoctor").toString(), "list"), dir,
                Map.of("JAVA_HOME", dir.resolve("jdk").toString(), "PATH", bin + ":" + System.getenv("PATH")),
                Duration.ofSeconds(30));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("tcpdoctor: building (first run or sources changed)...", "build failed");
        assertThat(bin.resolve("ran")).content().contains("package");
    }
}
