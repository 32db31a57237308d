package io.tcpdoctor.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.Main;
import io.tcpdoctor.testing.Command;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds the release packages from the jar of this build with {@code ./package}, installs the .deb into a
 * scratch root with dpkg, runs it where no JDK exists (the JDK directory is hidden by a tmpfs in a private
 * mount namespace, PATH has no java, JAVA_HOME is unset), removes it and checks nothing is left; unpacks the
 * tar.gz and runs it from elsewhere. Runs after {@code package} (Maven's integration-test phase).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackagingIT {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Duration SHORT = Duration.ofMinutes(2);

    @TempDir
    static Path tmp;

    static Path deb;
    static Path tarball;
    static String version;
    static Path root;
    static Path deploy;

    /**
     * The tree's deploy/ files (systemd unit, alert rules) when it has them; where a kind is missing, a small
     * one of that kind, so that picking them up is tested either way. Includes a promtool test file, which
     * must not be packaged as rules.
     */
    private static Path deployFiles() throws IOException {
        Path d = tmp.resolve("deploy");
        Path systemd = Files.createDirectories(d.resolve("systemd"));
        Path prometheus = Files.createDirectories(d.resolve("prometheus"));
        for (String kind : List.of("systemd", "prometheus")) {
            Path from = PROJECT.resolve("deploy").resolve(kind);
            if (Files.isDirectory(from)) {
                try (Stream<Path> s = Files.list(from)) {
                    for (Path f : s.filter(Files::isRegularFile).toList()) {
                        Files.copy(f, d.resolve(kind).resolve(f.getFileName()));
                    }
                }
            }
        }
        if (files(systemd, ".service").isEmpty()) {
            Files.writeString(systemd.resolve("tcpdoctor-exporter.service"), """
                    [Unit]
                    Description=tcpdoctor Prometheus exporter
                    [Service]
                    ExecStart=/opt/tcpdoctor/bin/tcpdoctor serve --listen 127.0.0.1:9717
                    [Install]
                    WantedBy=multi-user.target
                    """);
        }
        if (files(prometheus, "rules.yml").isEmpty()) {
            Files.writeString(prometheus.resolve("tcpdoctor-rules.yml"), """
                    groups:
                      - name: tcpdoctor
                        rules:
                          - alert: TcpdoctorEphemeralPortsLow
                            expr: tcpdoctor_ephemeral_ports_usable - on(netns) sum by (netns) (tcpdoctor_destination_ports_in_use) < 1000
                    """);
        }
        if (files(prometheus, ".test.yml").isEmpty()) {
            Files.writeString(prometheus.resolve("tcpdoctor-rules.test.yml"), "rule_files: [tcpdoctor-rules.yml]\n");
        }
        return d;
    }

    private static List<String> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        }
    }

    @BeforeAll
    static void buildPackages() throws IOException {
        Path jar = PROJECT.resolve("target/tcpdoctor.jar");
        assertThat(jar).exists();
        Path dist = tmp.resolve("dist");
        deploy = deployFiles();
        // gzip instead of xz inside the .deb: the same package, built in a fraction of the time.
        Command.run(List.of(PROJECT.resolve("package").toString(), "--jar", jar.toString(), "--out", dist.toString(),
                "--deb-compression", "gzip", "--deploy", deploy.toString()),
                PROJECT, null, Duration.ofMinutes(15)).ok();
        version = lines("--version").get(0).substring("tcpdoctor ".length());
        deb = dist.resolve("tcpdoctor_" + version + "_amd64.deb");
        tarball = dist.resolve("tcpdoctor-" + version + "-linux-x64.tar.gz");
        assertThat(deb).exists();
        assertThat(tarball).exists();
        root = tmp.resolve("root");
    }

    /** What the jar of this build prints for a command line, run in-process. */
    private static List<String> lines(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Main.execute(new PrintStream(out), new PrintStream(new ByteArrayOutputStream()), args);
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static List<String> dpkg(String... args) {
        List<String> cmd = new ArrayList<>(List.of("dpkg", "--root=" + root, "--log=" + tmp.resolve("dpkg.log"),
                "--force-not-root", "--force-script-chrootless", "--path-include=*"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Runs a command with an empty environment except PATH (no java on it) and HOME, in a private mount
     * namespace where /usr/lib/jvm is an empty tmpfs: no JDK can be found even by accident.
     */
    private static Command.Result withoutJdk(Path dir, String... cmd) throws IOException {
        // Hides /usr/lib/jvm and the JDK running this test (which may live elsewhere, e.g. /opt/java).
        String hide = """
                for d in /usr/lib/jvm "$1"; do
                    if [ -d "$d" ]; then mount -t tmpfs none "$d" || exit 97; fi
                done
                shift
                if command -v java >/dev/null; then echo "java still found: $(command -v java)" >&2; exit 98; fi
                exec "$@"
                """;
        List<String> full = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", hide, "sh",
                Path.of(System.getProperty("java.home")).toRealPath().toString()));
        full.addAll(List.of(cmd));
        return Command.run(full, dir, Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "HOME", tmp.toString(), "LANG", "C.UTF-8"),
                SHORT);
    }

    /** Launcher options that insist on the AOT cache and log where each class came from. */
    private static String aotLog(Path file) {
        return "TCPDOCTOR_JAVA_OPTS=-XX:AOTMode=on -Xlog:class+load=info:file=" + file;
    }

    @Test
    @Order(1)
    void debHoldsTheRuntimeManPagesAndCompletion() {
        String info = Command.run(List.of("dpkg-deb", "--field", deb.toString(), "Package", "Version", "Architecture"), null, null,
                SHORT).ok().out();
        assertThat(info).contains("Package: tcpdoctor", "Version: " + version, "Architecture: amd64");
        String contents = Command.run(List.of("dpkg-deb", "--contents", deb.toString()), null, null, SHORT).ok().out();
        assertThat(contents).contains("./usr/bin/tcpdoctor -> ../lib/tcpdoctor/bin/tcpdoctor",
                "./usr/lib/tcpdoctor/runtime/bin/java", "./usr/lib/tcpdoctor/lib/tcpdoctor.jar",
                "./usr/lib/tcpdoctor/lib/tcpdoctor-small.aot", "./usr/lib/tcpdoctor/lib/tcpdoctor-live.aot",
                "./usr/lib/tcpdoctor/lib/tcpdoctor-fast.aot", "./usr/lib/tcpdoctor/lib/tcpdoctor-explain.aot",
                "./usr/lib/tcpdoctor/lib/tcpdoctor-full.aot", "./usr/lib/tcpdoctor/lib/launch-options.sh",
                "./usr/share/man/man1/tcpdoctor.1.gz",
                "./usr/share/man/man1/tcpdoctor-states.1.gz", "./usr/share/bash-completion/completions/tcpdoctor",
                "./usr/share/zsh/vendor-completions/_tcpdoctor")
                .contains("root/root").doesNotContain("/usr/lib/tcpdoctor/runtime/include", "/usr/lib/tcpdoctor/runtime/jmods");
        // Every file is readable by every user (tcpdoctor runs unprivileged too, with fewer owners).
        assertThat(contents.lines().filter(l -> l.startsWith("-")))
                .isNotEmpty().allSatisfy(l -> assertThat(l.charAt(7)).as(l).isEqualTo('r'));
    }

    @Test
    @Order(1)
    void debInstallsTheUnitAndTheAlertRulesFromDeploy() throws IOException {
        String contents = Command.run(List.of("dpkg-deb", "--contents", deb.toString()), null, null, SHORT).ok().out();
        for (String unit : files(deploy.resolve("systemd"), ".service")) {
            assertThat(contents).contains("./usr/lib/systemd/system/" + unit);
        }
        for (String rules : files(deploy.resolve("prometheus"), ".yml")) {
            if (rules.endsWith(".test.yml")) {
                assertThat(contents).doesNotContain(rules);
            } else if (rules.contains("rules")) {
                assertThat(contents).contains("./usr/share/tcpdoctor/prometheus/" + rules);
            }
        }
        // The unit runs the packaged binary.
        Path x = Files.createDirectories(tmp.resolve("extracted"));
        Command.run(List.of("dpkg-deb", "--extract", deb.toString(), x.toString()), null, null, SHORT).ok();
        for (String unit : files(deploy.resolve("systemd"), ".service")) {
            String text = Files.readString(x.resolve("usr/lib/systemd/system/" + unit));
            assertThat(text.lines().filter(l -> l.startsWith("ExecStart=")))
                    .allMatch(l -> l.matches("ExecStart=[-@:+!]*/usr/bin/tcpdoctor( .*)?"));
        }
    }

    @Test
    @Order(2)
    void installsIntoACleanRootAndRunsWithoutAJdk() throws IOException {
        Files.createDirectories(root.resolve("var/lib/dpkg/info"));
        Files.createDirectories(root.resolve("var/lib/dpkg/updates"));
        Files.createFile(root.resolve("var/lib/dpkg/status"));
        Command.run(dpkg("--force-depends", "--install", deb.toString()), null, null, SHORT).ok();
        Path bin = root.resolve("usr/bin/tcpdoctor");
        assertThat(bin).isSymbolicLink();

        // Only the modules jdeps found, from the runtime shipped in the package.
        Path runtime = root.resolve("usr/lib/tcpdoctor/runtime");
        assertThat(Files.readString(runtime.resolve("release"))).contains("MODULES=\"java.base java.logging java.net.http jdk.httpserver\"");

        Command.Result v = withoutJdk(tmp, bin.toString(), "--version").ok();
        assertThat(v.out()).contains("tcpdoctor " + version, "commit:  ", "at " + runtime);
        // The native library of the system calls is in the package, and its launcher names it.
        assertThat(v.out()).contains("system calls: JNI " + root.resolve("usr/lib/tcpdoctor/lib/libtcpdoctor-syscall.so"));

        // The AOT cache recorded at build time is used where the package put it: the classes come from it.
        // Real sockets of known states on loopback: one listener and one connected pair on its port.
        Path classes = tmp.resolve("deb-classes.log");
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            Command.Result states = withoutJdk(tmp, "env", aotLog(classes), bin.toString(), "states",
                    "--port", Integer.toString(server.getLocalPort()), "--format", "csv").ok();
            assertThat(states.out().lines().toList()).contains("ESTABLISHED,2,66.7", "LISTEN,1,33.3");
        }
        assertThat(Files.readString(classes)).contains("io.tcpdoctor.cli.StatesCommand source: shared objects file");

        // Each kind of command line starts from its own cache (scripts/launch-options.sh).
        Path explainClasses = tmp.resolve("deb-explain-classes.log");
        Command.Result explain = withoutJdk(tmp, "env", aotLog(explainClasses), bin.toString(), "explain", "time-wait").ok();
        assertThat(explain.out().lines().toList()).isEqualTo(lines("explain", "time-wait"));
        assertThat(Files.readString(explainClasses)).contains("io.tcpdoctor.cli.ExplainCommand source: shared objects file");
        Path listClasses = tmp.resolve("deb-list-classes.log");
        // The runtime's list of lambda forms holds the trainings' (scripts/runtime.sh): the native call's method
        // handles come from the cache's holder classes, none is written at run time.
        Command.Result list = withoutJdk(tmp, "env", aotLog(listClasses) + " -Djava.lang.invoke.MethodHandle.TRACE_RESOLVE=true",
                bin.toString(), "list", "--state", "listen").ok();
        assertThat(Files.readString(listClasses)).contains("io.tcpdoctor.cli.ListCommand source: shared objects file",
                "io.tcpdoctor.collect.InetDiag source: shared objects file");
        assertThat(list.out().lines().filter(l -> l.startsWith("[LF_RESOLVE]"))).as("the lambda forms list resolved")
                .isNotEmpty().noneMatch(l -> l.endsWith("(fail)"));
        assertThat(runtime.resolve("lib/classlist.jdk")).doesNotExist();
        Command.Result zh = withoutJdk(tmp, bin.toString(), "explain", "time-wait", "--lang", "zh").ok();
        assertThat(zh.out().lines().toList()).isEqualTo(lines("explain", "time-wait", "--lang", "zh"));

        Command.Result diagnose = withoutJdk(tmp, bin.toString(), "diagnose", "--format", "json");
        assertThat(diagnose.code()).as(diagnose.err()).isZero();
        assertThat(diagnose.out()).contains("\"status\"", "\"findings\"", "\"source\" : \"live");
        Command.Result text = withoutJdk(tmp, bin.toString(), "diagnose");
        assertThat(text.err()).doesNotContain("internal error", "Exception");
        assertThat(text.out()).isNotBlank();

        // Help (picocli's full model) and a gzip'd capture (the launcher's other JVM options) need nothing beyond java.base.
        assertThat(withoutJdk(tmp, bin.toString(), "list", "--help").ok().out()).contains("Usage: tcpdoctor list", "--state");
        // serve and watch run for hours: they get a heap cap (the JVM default is a quarter of the RAM), which
        // TCPDOCTOR_JAVA_OPTS overrides; short commands keep the JVM's default.
        assertThat(maxHeap(bin, List.of(), "watch", "--help")).isEqualTo(256L << 20);
        assertThat(maxHeap(bin, List.of(), "--debug", "serve", "--help")).isEqualTo(256L << 20);
        assertThat(maxHeap(bin, List.of("-Xmx96m"), "serve", "--help")).isEqualTo(96L << 20);
        assertThat(maxHeap(bin, List.of(), "states", "--help")).isNotEqualTo(256L << 20);
        Path capture = tmp.resolve("netstat.txt.gz");
        try (var gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(capture))) {
            gz.write("""
                    Active Internet connections (servers and established)
                    Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name
                    tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      812/sshd
                    tcp        0      0 10.0.0.5:41200          10.0.0.9:3306           TIME_WAIT   -
                    tcp        0      0 10.0.0.5:41201          10.0.0.9:3306           TIME_WAIT   -
                    tcp        1      0 10.0.0.5:41202          10.0.0.9:8080           CLOSE_WAIT  2231/java
                    """.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(withoutJdk(tmp, bin.toString(), "states", "--input", capture.toString(), "--format", "csv").ok().out().lines())
                .contains("TIME_WAIT,2,50.0", "CLOSE_WAIT,1,25.0", "LISTEN,1,25.0");

        // Installed man pages render, installed completion completes.
        for (String page : List.of("tcpdoctor.1.gz", "tcpdoctor-states.1.gz", "tcpdoctor-explain.1.gz")) {
            Command.Result man = Command.run(List.of("man", "--warnings", "-l", root.resolve("usr/share/man/man1/" + page).toString()),
                    null, Map.of("PATH", "/usr/bin:/bin", "MANWIDTH", "80", "LC_ALL", "C.UTF-8"), SHORT).ok();
            assertThat(man.err()).as(page).isEmpty();
            assertThat(man.out()).contains("NAME");
        }
        String driver = """
                source "$1"; COMP_WORDS=(tcpdoctor explain time-w); COMP_CWORD=2
                _complete_tcpdoctor tcpdoctor time-w explain; printf '%s\\n' "${COMPREPLY[@]}"
                """;
        Command.Result comp = Command.run(List.of("bash", "--norc", "-c", driver, "bash",
                root.resolve("usr/share/bash-completion/completions/tcpdoctor").toString()), null, null, SHORT).ok();
        assertThat(comp.out().strip()).isEqualTo("time-wait");
    }

    @Test
    @Order(3)
    void removingLeavesNothingBehind() throws IOException {
        Command.run(dpkg("--purge", "tcpdoctor"), null, null, SHORT).ok();
        List<String> left;
        try (Stream<Path> s = Files.walk(root)) {
            left = s.map(p -> root.relativize(p).toString())
                    .filter(p -> !p.isEmpty() && !p.equals("var") && !p.equals("var/lib") && !p.startsWith("var/lib/dpkg"))
                    .sorted().toList();
        }
        assertThat(left).as("left in the root after purge").isEmpty();
        String status = Files.readString(root.resolve("var/lib/dpkg/status"));
        assertThat(status).doesNotContain("Package: tcpdoctor");
        try (Stream<Path> s = Files.list(root.resolve("var/lib/dpkg/info"))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("tcpdoctor."));
        }
    }

    @Test
    @Order(4)
    void tarballRunsFromAnyDirectoryAndThroughASymlink() throws IOException {
        Path x = Files.createDirectories(tmp.resolve("opt"));
        Command.run(List.of("tar", "-xzf", tarball.toString(), "-C", x.toString()), null, null, SHORT).ok();
        try (Stream<Path> top = Files.list(x)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactly("tcpdoctor-" + version);
        }
        Path home = x.resolve("tcpdoctor-" + version);
        assertThat(home.resolve("share/man/man1/tcpdoctor-list.1.gz")).exists();
        assertThat(home.resolve("share/bash-completion/completions/tcpdoctor")).exists();

        // A relative path from another directory.
        Path elsewhere = Files.createDirectories(tmp.resolve("work/deeper"));
        Path classes = tmp.resolve("tar-classes.log");
        Command.Result rel = withoutJdk(elsewhere, "env", aotLog(classes),
                "../../opt/tcpdoctor-" + version + "/bin/tcpdoctor", "states", "--state", "listen").ok();
        assertThat(rel.out()).contains("LISTEN");
        assertThat(Files.readString(classes)).contains("io.tcpdoctor.cli.StatesCommand source: shared objects file");

        // A symlink in a bin directory on PATH.
        Path links = Files.createDirectories(tmp.resolve("links"));
        Files.createSymbolicLink(links.resolve("tcpdoctor"), home.resolve("bin/tcpdoctor"));
        Command.Result viaLink = withoutJdk(elsewhere, "env", "PATH=" + links + ":/usr/bin:/bin",
                "tcpdoctor", "explain", "close-wait").ok();
        assertThat(viaLink.out().lines().toList()).isEqualTo(lines("explain", "close-wait"));
    }

    /** MaxHeapSize the packaged launcher gives the JVM for these arguments (PrintFlagsFinal, then the command runs). */
    private static long maxHeap(Path bin, List<String> javaOpts, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("env",
                "TCPDOCTOR_JAVA_OPTS=" + String.join(" ", javaOpts) + " -XX:+PrintFlagsFinal", bin.toString()));
        cmd.addAll(List.of(args));
        String out = withoutJdk(tmp, cmd.toArray(String[]::new)).ok().out();
        return out.lines().filter(l -> l.matches("\\s*size_t MaxHeapSize\\s+=.*")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll(".*=\\s*(\\d+).*", "$1"))).orElseThrow();
    }
}
