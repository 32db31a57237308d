package io.tcpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.testing.Command;
import io.tcpdoctor.testing.Population;
import io.tcpdoctor.testing.TestNetns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up caches are recorded on whatever machine runs tcpdoctor first, often one holding no socket of its
 * own. Records the {@code live}, {@code fast}, {@code explain} and {@code full} caches from the jar of this build,
 * with the launchers' recorder, in an empty network namespace, then runs common command lines from them beside
 * processes holding listeners, established connections and CLOSE_WAIT/FIN_WAIT2 pairs in both families, and on a
 * large capture: no class may come from the jar, and the jar may not even be opened (a class a cache lacks, a failed
 * class lookup or a search of the class path for a service makes the JVM open and index it, 10-20 ms of a short
 * command), whatever the exit status; nor may a lambda or a string concatenation be generated at run time. Runs
 * after {@code package} (the cache needs the jar); {@code strace} watches the opens.
 */
class TrainingCachesIT {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path JAR = PROJECT.resolve("target/tcpdoctor.jar");
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    private static final Duration LIMIT = Duration.ofMinutes(2);
    /** A class read from the jar rather than from the cache. */
    private static final Pattern FROM_JAR = Pattern.compile("(?m)^\\S*\\s*(\\S+) source: file:");
    /**
     * A lambda or a string concatenation generated at run time rather than taken from the cache: a path the training
     * did not take, or one of the JDK's serializable lambdas (Comparator.comparing and the like), which a cache cannot
     * hold; 1-3 ms each. (The native call's method handles and stub are generated at every run whatever the cache.)
     */
    private static final Pattern GENERATED = Pattern.compile(
            "(?m)^\\S*\\s*(\\S+\\$\\$(?:Lambda|StringConcat)\\S*) source: (?!shared objects file)");

    @TempDir
    Path tmp;

    /**
     * The jar the caches are recorded for and the commands run: this build's, whose native library is beside it; the
     * lambda-form test uses a copy without it (a build without a C compiler: system calls through FFM).
     */
    private Path jar = JAR;

    @Test
    void aCacheRecordedWhereNoSocketIsHeldCoversAServersTable() throws IOException {
        assertThat(TestNetns.available()).as("the suite runs as root").isTrue();
        assertThat(JAR).as("the jar of this build").isRegularFile();
        Path capture = tmp.resolve("netstat.txt");
        StringBuilder rows = new StringBuilder("Proto Recv-Q Send-Q Local Address           Foreign Address         State\n");
        for (int i = 0; i < 3_000; i++) {
            rows.append(String.format("tcp        0      0 10.1.0.5:%-14d 10.1.%d.%d:443          %s%n", 20_000 + i,
                    i / 200, i % 200 + 1, i % 4 == 0 ? "TIME_WAIT" : "ESTABLISHED"));
        }
        Files.writeString(capture, rows);
        try (TestNetns ns = TestNetns.create("tdtrain")) {
            assertThat(ns.run("ss", "-tanH")).as("the namespace starts empty").isBlank();
            record(ns, "live", "fast", "explain", "full");
            // The training's own sockets are gone with it, without a TIME_WAIT.
            assertThat(ns.run("ss", "-tanH")).as("what the training left").isBlank();

            // Java's own sockets are IPv6 ones (IPv4 peers as mapped addresses); most servers' IPv4 sockets are not.
            // TIME_WAIT too (outgoing: the port-exhaustion rule weighs it), which the trainings cannot hold.
            Process dual = ns.startJava(Population.class, "3", "2", "2", "2");
            Process v4 = new ProcessBuilder("ip", "netns", "exec", ns.name(), JAVA.toString(), "-Xmx64m",
                    "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true", "-cp",
                    System.getProperty("java.class.path"), Population.class.getName(), "3", "0", "2")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                String dualPid = TestNetns.awaitReady(dual, 20_000).split(" ")[1];
                String v4Pid = TestNetns.awaitReady(v4, 20_000).split(" ")[1];
                assertThat(ns.run("ss", "-tanH", "-f", "inet")).as("IPv4 sockets").isNotBlank();

                String list = run(ns, "live", 0, "list", "-p");
                assertThat(list).as("list -p finds both holders").contains(" " + dualPid + "/java", " " + v4Pid + "/java");
                // The launchers name the native library beside the jar, the trainings too: the system calls are
                // its JNI method, from the cache, and the JDK's native linker is never set up.
                assertThat(Files.readString(tmp.resolve("live-classes.log"))).as("the class log of list -p")
                        .contains("io.tcpdoctor.collect.Libc$Jni source: shared objects file")
                        .doesNotContain("jdk.internal.foreign.abi.DowncallLinker ");
                run(ns, "live", 0, "list");
                run(ns, "fast", 0, "list", "--format", "json");
                run(ns, "fast", 0, "states", "--by", "process");
                run(ns, "fast", 0, "states", "--input", capture.toString());
                assertThat(run(ns, "full", 0, "diagnose")).isNotBlank();
                assertThat(run(ns, "full", 1, "check", "--close-wait", "1")).startsWith("TCPDOCTOR WARNING");
                run(ns, "full", 0, "diagnose", "--input", capture.toString());
                run(ns, "full", 0, "--help");
                // Other exit statuses: a usage error, a capture that is not one.
                run(ns, "full", 2, "diagnose", "--bogus");
                Path notes = Files.writeString(tmp.resolve("notes.txt"), "restarted nginx at 10:02\nload fell\n");
                run(ns, "full", 4, "diagnose", "--input", notes.toString());
                assertThat(run(ns, "explain", 0, "explain", "time-wait")).contains("TIME_WAIT");
                run(ns, "explain", 0, "explain", "tcp_fin_timeout");
                run(ns, "explain", 2, "explain", "no-such-topic");
            } finally {
                v4.destroyForcibly();
            }
        }
    }

    /**
     * The other way round: caches recorded beside a busy table (more sockets than the small cache's count from /proc
     * is for, and a CLOSE_WAIT, which makes a diagnosis read netlink) serve a quiet namespace of the same host, whose
     * commands read /proc and the owners with the JDK's calls. The training takes those paths whatever the host holds;
     * and the small cache holds no netlink or native-linker class (every class of a cache is loaded at each start;
     * --version names the way system calls are made, which loads Libc).
     */
    @Test
    void aCacheRecordedBesideABusyTableCoversAQuietOne() throws IOException {
        assertThat(TestNetns.available()).as("the suite runs as root").isTrue();
        assertThat(JAR).as("the jar of this build").isRegularFile();
        try (TestNetns busy = TestNetns.create("tdbusy"); TestNetns quiet = TestNetns.create("tdquiet")) {
            // Two holders: a process may hold 20,000 descriptors here.
            String pairs = Long.toString(LiveSnapshots.PROC_COUNT_LIMIT / 4 + 50);
            TestNetns.awaitReady(busy.startJava(Population.class, pairs, "0", "1"), 120_000);
            TestNetns.awaitReady(busy.startJava(Population.class, pairs, "0", "0"), 120_000);
            assertThat(busy.run("ss", "-tanH").lines().count()).isGreaterThan(LiveSnapshots.PROC_COUNT_LIMIT);
            record(busy, "small", "live", "fast", "full");

            // ESTABLISHED pairs and TIME_WAIT in both families, no CLOSE_WAIT: a quiet table.
            String pid = TestNetns.awaitReady(quiet.startJava(Population.class, "3", "2", "0", "2"), 20_000).split(" ")[1];
            run(quiet, "small", 0, "states");
            assertThat(Files.readString(tmp.resolve("small-classes.log"))).as("the small cache's classes")
                    .doesNotContain("io.tcpdoctor.collect.NetlinkSocket ", "jdk.internal.foreign.abi.DowncallLinker ");
            run(quiet, "small", 0, "--version");
            assertThat(run(quiet, "live", 0, "list", "-p")).contains(" " + pid + "/java");
            run(quiet, "fast", 0, "states", "--by", "process");
            run(quiet, "fast", 0, "states", "--format", "json");
            // With the native library a quiet table is read through netlink too (no binding to save).
            assertThat(run(quiet, "full", 0, "diagnose", "--format", "json")).contains("\"live netlink\"");
            run(quiet, "full", 0, "diagnose");
            run(quiet, "full", 0, "tune");
        }
    }

    /**
     * The launchers run on a runtime image whose list of lambda forms holds those of the trainings
     * ({@code scripts/runtime.sh}): a cache it records then holds the method-handle forms of the native call, which
     * the JDK otherwise writes as classes at every start of a command that reads the kernel's table (about ten, 10-20
     * ms with the compilations they bring on). Links such an image, records the {@code live} and {@code full}
     * caches with it, and runs netlink commands from them beside established, TIME_WAIT and CLOSE_WAIT sockets:
     * the JDK may resolve no lambda form outside its holder classes.
     */
    @Test
    void theRuntimeImagesCachesHoldTheNativeCallsForms() throws IOException {
        assertThat(TestNetns.available()).as("the suite runs as root").isTrue();
        assertThat(JAR).as("the jar of this build").isRegularFile();
        // The native call's forms exist where the system calls go through FFM: a jar without the library beside it.
        jar = Files.createDirectories(tmp.resolve("ffm")).resolve("tcpdoctor.jar");
        Files.copy(JAR, jar, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Path image = tmp.resolve("runtime");
        Command.run(List.of("bash", "-c", ". \"$1\"; . \"$2\"; tcpdoctor_link_runtime \"$3\" \"$4\" \"$5\" "
                        + "&& tcpdoctor_add_lambda_forms \"$5/bin/java\" \"$4\"", "sh",
                PROJECT.resolve("scripts/launch-options.sh").toString(), PROJECT.resolve("scripts/runtime.sh").toString(),
                System.getProperty("java.home"), jar.toString(), image.toString()), tmp,
                Map.of("PATH", System.getenv("PATH"), "LANG", "C.UTF-8"), LIMIT).ok();
        Path java = image.resolve("bin/java");
        List<String> jdkForms = Files.readAllLines(image.resolve("lib/classlist.jdk"));
        List<String> added = new ArrayList<>(Files.readAllLines(image.resolve("lib/classlist")));
        assertThat(added.subList(0, jdkForms.size())).as("the JDK's own lines come first, unchanged").isEqualTo(jdkForms);
        added = added.subList(jdkForms.size(), added.size());
        assertThat(added).as("the trainings' forms the JDK's list lacks").isNotEmpty()
                .allMatch(l -> l.startsWith("@lambda-form-invoker [LF_RESOLVE] ")
                        || l.startsWith("@lambda-form-invoker [SPECIES_RESOLVE] "));
        try (TestNetns ns = TestNetns.create("tdforms")) {
            record(ns, java, "live", "full");
            TestNetns.awaitReady(ns.startJava(Population.class, "3", "2", "2", "2"), 20_000);
            for (List<String> line : List.of(List.of("list", "-p"), List.of("list", "--source", "netlink"),
                    List.of("diagnose"), List.of("check", "--close-wait", "1"))) {
                String kind = line.get(0).equals("list") ? "live" : "full";
                String what = String.join(" ", line);
                String out = run(ns, java, kind, "-Djava.lang.invoke.MethodHandle.TRACE_RESOLVE=true",
                        line.get(0).equals("check") ? 1 : 0, line.toArray(String[]::new));
                assertThat(Files.readString(tmp.resolve(kind + "-classes.log"))).as("the class log of %s", what)
                        .contains("jdk.internal.foreign.abi.DowncallLinker ");
                assertThat(out.lines().filter(l -> l.startsWith("[LF_RESOLVE]") || l.startsWith("[SPECIES_RESOLVE]")))
                        .as("the lambda forms %s resolved", what).isNotEmpty()
                        .noneMatch(l -> l.endsWith("(fail)"));
            }
        }
    }

    /** Records the caches of these kinds into the temporary folder inside the namespace, with the launchers' recorder. */
    private void record(TestNetns ns, String... kinds) {
        record(ns, JAVA, kinds);
    }

    /** {@link #record(TestNetns, String...)} with this {@code java}, whose runtime the caches then serve. */
    private void record(TestNetns ns, Path java, String... kinds) {
        for (String kind : kinds) {
            Path cache = tmp.resolve(kind + ".aot");
            Command.run(List.of("ip", "netns", "exec", ns.name(), "sh", "-c",
                    ". \"$1\"; tcpdoctor_record_cache \"$2\" \"$3\" \"$4\" \"$5\"", "sh",
                    PROJECT.resolve("scripts/launch-options.sh").toString(), java.toString(), jar.toString(),
                    cache.toString(), kind), null, Map.of("PATH", System.getenv("PATH"), "LANG", "C.UTF-8"),
                    LIMIT).ok();
            assertThat(cache).as("the %s cache", kind).isNotEmptyFile();
        }
    }

    /**
     * Runs a command with the launchers' options and the given cache; fails unless it exits with {@code code}, if a
     * class came from the jar, or if the jar was opened at all.
     */
    private String run(TestNetns ns, String kind, int code, String... args) throws IOException {
        return run(ns, JAVA, kind, "", code, args);
    }

    /** {@link #run(TestNetns, String, int, String...)} with this {@code java} and one more JVM option (or none). */
    private String run(TestNetns ns, Path java, String kind, String jvmOption, int code, String... args)
            throws IOException {
        Path log = tmp.resolve(kind + "-classes.log");
        Path trace = tmp.resolve(kind + "-opens.log");
        Files.deleteIfExists(log);
        Files.deleteIfExists(trace);
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns.name(), "sh", "-c",
                ". \"$1\"; shift; tcpdoctor_native_option \"$JAR\"; tcpdoctor_launch_options \"$@\"; "
                        + "exec strace -f -qq -e trace=open,openat -o \"$TRACE\" "
                        + "\"$JAVA\" $tcpdoctor_opts ${tcpdoctor_native:+\"$tcpdoctor_native\"} $OPTION "
                        + "-XX:AOTCache=\"$CACHE\" -XX:AOTMode=on "
                        + "-Xlog:class+load=info:file=\"$LOG\" -cp \"$JAR\" io.tcpdoctor.Main \"$@\"",
                "sh", PROJECT.resolve("scripts/launch-options.sh").toString()));
        cmd.addAll(List.of(args));
        Command.Result r = Command.run(cmd, null, Map.of("PATH", System.getenv("PATH"), "LANG", "C.UTF-8",
                "JAVA", java.toString(), "OPTION", jvmOption, "JAR", jar.toString(),
                "CACHE", tmp.resolve(kind + ".aot").toString(), "LOG", log.toString(), "TRACE", trace.toString()), LIMIT);
        String line = String.join(" ", args);
        assertThat(r.code()).as("%s: %s", line, r.err()).isEqualTo(code);
        String classes = Files.readString(log);
        assertThat(classes).as("the class log of %s", line).contains("io.tcpdoctor.Main source: shared objects file");
        List<String> fromJar = new ArrayList<>();
        Matcher m = FROM_JAR.matcher(classes);
        while (m.find()) {
            fromJar.add(m.group(1));
        }
        assertThat(fromJar).as("classes %s loaded from the jar, not the %s cache", line, kind).isEmpty();
        List<String> generated = new ArrayList<>();
        Matcher g = GENERATED.matcher(classes);
        while (g.find()) {
            generated.add(g.group(1));
        }
        assertThat(generated).as("classes %s generated at run time, not taken from the %s cache", line, kind).isEmpty();
        List<String> opens = Files.readAllLines(trace);
        String cache = "\"" + tmp.resolve(kind + ".aot") + "\"";
        assertThat(opens).as("the opens of %s", line).anyMatch(o -> o.contains(cache));
        assertThat(opens).as("%s opened the jar", line)
                .noneMatch(o -> o.contains("\"" + jar + "\"") && !o.contains("= -1 "));
        return r.out();
    }
}
