package io.tcpdoctor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpdoctor.testing.TestNetns;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/systemd/tcpdoctor.service: systemd accepts it without a warning, its sandbox scores well, and the
 * capabilities it grants are the ones that work: tcpdoctor run as an unprivileged user (setpriv) with exactly
 * those capabilities names the owner of a socket of another user's process, and with either one alone it cannot.
 */
class SystemdUnitTest {
    static final Path UNIT = Path.of("deploy/systemd/tcpdoctor.service");
    static final ObjectMapper JSON = new ObjectMapper();
    static Map<String, List<String>> service;

    @BeforeAll
    static void parse() throws IOException {
        service = section(Files.readAllLines(UNIT), "Service");
    }

    /** Key -> values of one section (repeated keys keep every value; comments and continuation-free lines only). */
    static Map<String, List<String>> section(List<String> lines, String name) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String current = null;
        for (String raw : lines) {
            String l = raw.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            if (l.startsWith("[")) {
                current = l.substring(1, l.indexOf(']'));
                continue;
            }
            assertThat(l).as("line of %s", UNIT).contains("=").doesNotEndWith("\\");
            if (name.equals(current)) {
                out.computeIfAbsent(l.substring(0, l.indexOf('=')), k -> new ArrayList<>()).add(l.substring(l.indexOf('=') + 1));
            }
        }
        return out;
    }

    static String one(String key) {
        assertThat(service.get(key)).as(key).isNotNull().hasSize(1);
        return service.get(key).getFirst();
    }

    static Set<String> words(String key) {
        return new TreeSet<>(Arrays.asList(one(key).split("\\s+")));
    }

    @Test
    void systemdAcceptsTheUnitWithoutAWarning(@TempDir Path tmp) throws Exception {
        String analyze = External.require("systemd-analyze", "systemd");
        // verify wants the command to exist: point ExecStart at a stand-in executable, nothing else changes.
        Path stub = Files.writeString(tmp.resolve("tcpdoctor"), "#!/bin/sh\nexit 0\n");
        stub.toFile().setExecutable(true);
        String unit = Files.readString(UNIT);
        assertThat(unit).contains("ExecStart=/usr/bin/tcpdoctor serve ");
        Files.writeString(tmp.resolve("tcpdoctor.service"), unit.replace("=/usr/bin/tcpdoctor ", "=" + stub + " "));
        External.Result ok = External.run(tmp, 60, List.of(analyze, "verify", "--man=no", tmp.resolve("tcpdoctor.service").toString()));
        assertThat(ok.code()).as(ok.output()).isZero();
        assertThat(ok.output().strip()).isEmpty();
        // The same check notices a mistake.
        Files.writeString(tmp.resolve("typo.service"), unit.replace("=/usr/bin/tcpdoctor ", "=" + stub + " ")
                .replace("ProtectSystem=strict", "ProtectSytem=strict"));
        assertThat(External.run(tmp, 60, List.of(analyze, "verify", "--man=no", tmp.resolve("typo.service").toString())).output())
                .contains("Unknown key 'ProtectSytem'");
        // systemd's own rating of the sandbox (0 = locked down, 10 = exposed).
        External.Result sec = External.run(tmp, 60, List.of(analyze, "security", "--offline=yes", tmp.resolve("tcpdoctor.service").toString()));
        Matcher m = Pattern.compile("Overall exposure level for tcpdoctor.service: ([0-9.]+)").matcher(sec.output());
        assertThat(m.find()).as(sec.output()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isLessThanOrEqualTo(3.0);
    }

    @Test
    void leastPrivilegeSettings() {
        assertThat(one("ExecStart")).startsWith("/usr/bin/tcpdoctor serve ").contains("--listen 0.0.0.0:10976", "--auth-file %d/auth");
        assertThat(service.get("LoadCredential")).contains("auth:/etc/tcpdoctor/auth");
        assertThat(one("DynamicUser")).isEqualTo("yes");
        assertThat(one("NoNewPrivileges")).isEqualTo("yes");
        assertThat(one("ProtectSystem")).isEqualTo("strict");
        assertThat(one("ProtectHome")).isEqualTo("yes");
        assertThat(words("AmbientCapabilities")).containsExactly("CAP_DAC_READ_SEARCH", "CAP_SYS_PTRACE");
        assertThat(words("CapabilityBoundingSet")).isEqualTo(words("AmbientCapabilities"));
        assertThat(words("RestrictAddressFamilies")).containsExactlyInAnyOrder("AF_UNIX", "AF_INET", "AF_INET6", "AF_NETLINK");
        assertThat(one("MemoryMax")).matches("\\d+[MG]");
        assertThat(one("TasksMax")).matches("\\d+");
        // Things that would break it: the JIT needs W+X pages, owners need every /proc/PID, the host's sockets
        // are in the host's network namespace.
        assertThat(service).doesNotContainKeys("MemoryDenyWriteExecute", "PrivateNetwork", "PrivateUsers", "ProcSubset", "User");
        assertThat(one("ProtectProc")).isEqualTo("default");
    }

    /** tcpdoctor's classes and runtime jars copied where an unprivileged user can read them. */
    static List<String> readableClassPath(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> cp = new ArrayList<>();
        Path classes = dir.resolve("classes");
        try (Stream<Path> files = Files.walk(Path.of("target/classes"))) {
            for (Path p : files.toList()) {
                Path to = classes.resolve(Path.of("target/classes").relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        cp.add(classes.toString());
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("picocli-") || name.startsWith("jackson-core-")) {
                cp.add(Files.copy(Path.of(entry), dir.resolve(name)).toString());
            }
        }
        assertThat(cp).hasSize(3);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return cp;
    }

    /** tcpdoctor run as user nobody with exactly these capabilities. */
    static External.Result asNobody(Path dir, List<String> cp, String caps, String... args) throws Exception {
        String set = caps.isEmpty() ? "-all" : "-all," + caps;
        List<String> cmd = new ArrayList<>(List.of(External.require("setpriv", "util-linux"), "--reuid=65534", "--regid=65534",
                "--clear-groups", "--inh-caps=" + set, "--ambient-caps=" + set, "--bounding-set=" + set,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData", "-Xshare:auto",
                "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "-cp", String.join(":", cp), "io.tcpdoctor.Main"));
        cmd.addAll(List.of(args));
        return External.run(dir, 120, cmd);
    }

    @Test
    void ownersNeedBothCapabilitiesAndNamespacesNeedSysAdmin(@TempDir Path tmp) throws Exception {
        assertThat(TestNetns.available()).as("the suite runs as root").isTrue();
        List<String> cp = readableClassPath(tmp);
        long me = ProcessHandle.current().pid();
        try (ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
             TestNetns ns = TestNetns.create("td-caps")) {
            String port = Integer.toString(listener.getLocalPort());
            Map<String, JsonNode> owner = new LinkedHashMap<>();
            for (String caps : List.of("", "+sys_ptrace", "+dac_read_search", "+sys_ptrace,+dac_read_search")) {
                External.Result r = asNobody(tmp, cp, caps, "list", "-p", "--state", "listen", "--sport", port, "-o", "json");
                assertThat(r.code()).as(caps + ": " + r.output()).isZero();
                String json = r.output().substring(r.output().indexOf('['), r.output().lastIndexOf(']') + 1);
                JsonNode rows = JSON.readTree(json);
                // The socket table itself needs no capability (netlink sock_diag).
                assertThat(rows).as(caps).hasSize(1);
                owner.put(caps, rows.get(0).get("pid"));
            }
            assertThat(owner.get("").isNull()).isTrue();
            assertThat(owner.get("+sys_ptrace").isNull()).as("CAP_SYS_PTRACE alone cannot open /proc/PID/fd").isTrue();
            assertThat(owner.get("+dac_read_search").isNull()).as("CAP_DAC_READ_SEARCH alone cannot read the fd links").isTrue();
            assertThat(owner.get("+sys_ptrace,+dac_read_search").asLong()).isEqualTo(me);
            // Watching another namespace: setns() needs CAP_SYS_ADMIN.
            External.Result denied = asNobody(tmp, cp, "+sys_ptrace,+dac_read_search", "states", "-N", ns.name());
            assertThat(denied.code()).as(denied.output()).isEqualTo(3);
            External.Result allowed = asNobody(tmp, cp, "+sys_ptrace,+dac_read_search,+sys_admin", "states", "-N", ns.name());
            assertThat(allowed.code()).as(allowed.output()).isZero();
        }
    }
}
