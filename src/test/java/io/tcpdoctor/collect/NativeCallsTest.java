package io.tcpdoctor.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system calls go through the native library (a JNI method built from src/main/c) when the launcher names it,
 * through one FFM binding of libc's syscall() otherwise: the same calls, the same answers and errors. The suite runs
 * with the library (surefire names it, as the launchers do); the FFM way runs in child JVMs without it.
 */
class NativeCallsTest {
    private static final String LIB = System.getProperty(Libc.NATIVE_PROPERTY, "");

    @TempDir
    Path tmp;

    @Test
    void theSuiteMakesItsSystemCallsThroughTheNativeLibrary() {
        assertThat(LIB).as("the build names the library").endsWith("libtcpdoctor-syscall.so");
        assertThat(Path.of(LIB)).as("the library the build makes from src/main/c (it needs a C compiler, gcc)")
                .isRegularFile();
        assertThat(Libc.nativeCalls()).isEqualTo("JNI " + Path.of(LIB).normalize());
        assertThat(Errnos.lines()).as("errno through the library")
                .containsExactly("open-missing=-1 errno=" + Libc.ENOENT, "close-bad=-1 errno=" + Libc.EBADF,
                        "netlink-socket=ok close=0", "open-dir=ok getdents=positive",
                        "terminal: ptmx=true null=false bad-fd=false");
    }

    @Test
    void bothWaysGiveTheSameResultsAndErrors() throws Exception {
        List<String> jni = child(List.of("-D" + Libc.NATIVE_PROPERTY + "=" + LIB), Errnos.class.getName());
        List<String> ffm = child(List.of(), Errnos.class.getName());
        assertThat(jni.getFirst()).isEqualTo("calls=JNI " + Path.of(LIB).normalize());
        assertThat(ffm.getFirst()).isEqualTo("calls=FFM (libc syscall)");
        assertThat(ffm.subList(1, ffm.size())).isEqualTo(jni.subList(1, jni.size())).isEqualTo(Errnos.lines());
    }

    /**
     * list -p of real sockets held by this JVM (a listener and an established pair in each family) made both ways:
     * the netlink dump (socket, sendto, recvfrom, close) and the owner scan (openat, getdents64, readlinkat).
     */
    @Test
    void bothWaysListTheSameSocketsAndOwners() throws Exception {
        try (Held v4 = new Held(InetAddress.getByName("127.0.0.1")); Held v6 = new Held(InetAddress.getByName("::1"))) {
            List<String> line = List.of(io.tcpdoctor.Main.class.getName(), "list", "-p", "--source", "netlink",
                    "--format", "csv", "--port", Integer.toString(v4.port()), "--port", Integer.toString(v6.port()));
            List<String> jni = child(List.of("-D" + Libc.NATIVE_PROPERTY + "=" + LIB), line.toArray(String[]::new));
            List<String> ffm = child(List.of(), line.toArray(String[]::new));
            assertThat(jni).isEqualTo(ffm);
            String pid = Long.toString(ProcessHandle.current().pid());
            // A header, then per family the listener and both ends of the pair, each owned by this JVM.
            assertThat(jni).hasSize(7);
            assertThat(jni.subList(1, jni.size())).allMatch(r -> r.contains("," + pid + ",java,"))
                    .anyMatch(r -> r.contains(",LISTEN,127.0.0.1," + v4.port() + ","))
                    .anyMatch(r -> r.contains(",LISTEN,::1," + v6.port() + ","))
                    .filteredOn(r -> r.contains(",ESTABLISHED,")).hasSize(4);
        }
    }

    @Test
    void aLibraryThatDoesNotLoadLeavesTheCallsToFfmAndSaysWhy() throws Exception {
        Path junk = Files.writeString(tmp.resolve("libtcpdoctor-syscall.so"), "not a shared object\n");
        List<String> v = child(List.of("-D" + Libc.NATIVE_PROPERTY + "=" + junk), io.tcpdoctor.Main.class.getName(),
                "--version");
        // The linker's reason, with the file named once: "... did not load: file too short".
        assertThat(v).anyMatch(l -> l.startsWith("system calls: FFM (libc syscall); " + junk + " did not load: ")
                && l.indexOf(junk.toString()) == l.lastIndexOf(junk.toString()) && l.length() > l.indexOf(" load: ") + 8);
        try (Held v4 = new Held(InetAddress.getByName("127.0.0.1"))) {
            List<String> rows = child(List.of("-D" + Libc.NATIVE_PROPERTY + "=" + junk),
                    io.tcpdoctor.Main.class.getName(), "list", "--source", "netlink", "--format", "csv", "--port",
                    Integer.toString(v4.port()));
            assertThat(rows).hasSize(4).anyMatch(r -> r.contains("LISTEN"));
        }
        List<String> missing = child(List.of("-D" + Libc.NATIVE_PROPERTY + "=" + tmp.resolve("none.so")),
                Errnos.class.getName());
        assertThat(missing.getFirst()).isEqualTo("calls=FFM (libc syscall); " + tmp.resolve("none.so")
                + " did not load: no such file");
        assertThat(missing.subList(1, missing.size())).isEqualTo(Errnos.lines());
    }

    /** A child JVM on the test class path with these JVM options running this main class; its output lines. */
    private static List<String> child(List<String> jvmOptions, String... mainAndArgs)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
        cmd.addAll(List.of(mainAndArgs));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s ends", cmd).isTrue();
        assertThat(p.exitValue()).as("%s exit status", cmd).isZero();
        return new String(out).lines().toList();
    }

    /** A listener on an ephemeral port of this address and one connection to it, held by this JVM. */
    private static final class Held implements AutoCloseable {
        private final ServerSocket server;
        private final Socket client;
        private final Socket accepted;

        Held(InetAddress address) throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(address, 0));
            client = new Socket(address, server.getLocalPort());
            accepted = server.accept();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            accepted.close();
            client.close();
            server.close();
        }
    }

    /** Makes calls that fail and succeed in known ways and prints what came back, errno included. */
    public static final class Errnos {
        public static void main(String[] args) {
            System.out.println("calls=" + Libc.nativeCalls());
            lines().forEach(System.out::println);
        }

        static List<String> lines() {
            List<String> out = new ArrayList<>();
            try (Arena arena = Arena.ofConfined()) {
                Libc.Errno e = new Libc.Errno(arena);
                int fd = Libc.open(e, Libc.cString(arena, "/nonexistent/tcpdoctor"), Libc.O_RDONLY | Libc.O_CLOEXEC);
                out.add("open-missing=" + fd + " errno=" + e.value());
                int closed = Libc.close(e, -1);
                out.add("close-bad=" + closed + " errno=" + e.value());
                int s = Libc.socket(e, Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC,
                        NetlinkSocket.NETLINK_SOCK_DIAG);
                out.add("netlink-socket=" + (s >= 0 ? "ok" : "errno " + e.value()) + " close=" + Libc.close(e, s));
                int dir = Libc.open(e, Libc.cString(arena, "/proc/self/fd"), Libc.O_RDONLY | Libc.O_CLOEXEC);
                long n = Libc.getdents64(e, dir, arena.allocate(4096, 8), 4096);
                Libc.close(e, dir);
                out.add("open-dir=" + (dir >= 0 ? "ok" : "errno " + e.value()) + " getdents="
                        + (n > 0 ? "positive" : n + " errno " + e.value()));
                // A pseudo-terminal's master side is a terminal, /dev/null is not (O_NOCTTY: 0x100 on both
                // architectures).
                int ptmx = Libc.open(e, Libc.cString(arena, "/dev/ptmx"), Libc.O_RDWR | Libc.O_CLOEXEC | 0x100);
                int dn = Libc.open(e, Libc.cString(arena, "/dev/null"), Libc.O_RDONLY | Libc.O_CLOEXEC);
                out.add("terminal: ptmx=" + Libc.isatty(ptmx) + " null=" + Libc.isatty(dn) + " bad-fd="
                        + Libc.isatty(-1));
                Libc.close(e, ptmx);
                Libc.close(e, dn);
            }
            return out;
        }
    }
}
