package io.tcpdoctor.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The FFM syscall layer knows its architectures and refuses others with a clear error instead of wrong calls. */
class LibcArchTest {

    /** Runs {@link Probe} in a JVM that reports the given os.arch. */
    static String probe(String arch) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dos.arch=" + arch, "-cp", System.getProperty("java.class.path"),
                Probe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes()).trim();
    }

    /** Opens a netlink socket and enters a namespace handle, printing what happened. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println("supported=" + Libc.supported());
            try {
                NetlinkSocket.open(NetlinkSocket.NETLINK_SOCK_DIAG).close();
                System.out.println("netlink=ok");
            } catch (RuntimeException e) {
                System.out.println("netlink=" + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    @Test
    void anUnknownArchitectureIsRefusedClearly() throws Exception {
        String out = probe("riscv64");
        assertThat(out).contains("supported=false")
                .contains("netlink=UnavailableException: no system call numbers for architecture 'riscv64' (supported: amd64, aarch64)");
        assertThat(probe("amd64")).contains("supported=true").contains("netlink=ok");
    }
}
