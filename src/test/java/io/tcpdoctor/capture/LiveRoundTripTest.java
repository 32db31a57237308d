package io.tcpdoctor.capture;

import io.tcpdoctor.testing.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real tools against tcpdoctor: loopback sockets in several states, captured by the real {@code netstat -antp}
 * and {@code ss -tanp} (Debian packages net-tools and iproute2), must read back as the same socket table
 * tcpdoctor's own live snapshot lists.
 */
class LiveRoundTripTest {
    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();
    private int port4;
    private int port6;
    /** Every port this test's sockets use (0 = a listener's "any" peer): other tests' leftovers may share a port number. */
    private final java.util.Set<String> ours = new java.util.HashSet<>(java.util.List.of("0"));

    @BeforeEach
    void sockets() throws Exception {
        ServerSocket s4 = new ServerSocket();
        s4.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        ServerSocket s6 = new ServerSocket();
        s6.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0), 50);
        open.add(s4);
        open.add(s6);
        port4 = s4.getLocalPort();
        port6 = s6.getLocalPort();
        ours.add(Integer.toString(port4));
        ours.add(Integer.toString(port6));
        for (int i = 0; i < 3; i++) {
            pair(s4);
        }
        pair(s6);
        for (int i = 0; i < 2; i++) {
            // The peer closes, this side does not: CLOSE_WAIT here, an orphaned FIN_WAIT2 on the peer.
            Socket[] p = pair(s4);
            p[0].close();
        }
        // This side closes first, then the peer: TIME_WAIT here.
        Socket[] p = pair(s4);
        p[1].close();
        Thread.sleep(50);
        p[0].close();
        Thread.sleep(100);
    }

    private Socket[] pair(ServerSocket srv) throws IOException {
        Socket c = new Socket(srv.getInetAddress(), srv.getLocalPort());
        Socket a = srv.accept();
        ours.add(Integer.toString(c.getLocalPort()));
        open.add(c);
        open.add(a);
        return new Socket[] {c, a};
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private Path capture(String file, String... command) throws IOException, InterruptedException {
        Path out = tmp.resolve(file);
        Process p = new ProcessBuilder(command).redirectErrorStream(false).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + " exit code").isZero();
        return out;
    }

    /** proto, state, endpoints and owner of each row, sorted: what both sides must agree on. */
    private List<String> table(String... source) {
        List<String> args = new ArrayList<>(List.of("list", "-p", "-o", "csv", "--port", Integer.toString(port4),
                "--port", Integer.toString(port6)));
        args.addAll(List.of(source));
        Cli.Result r = CaptureCliTest.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        List<String> rows = new ArrayList<>();
        for (String line : r.out().lines().skip(1).toList()) {
            String[] c = line.split(",", -1);
            // proto,state,local_address,local_port,remote_address,remote_port,recv_q,send_q,timer,timer_ms,retrans,uid,inode,pid,process,user
            if (ours.contains(c[3]) && ours.contains(c[5])) {
                rows.add(String.join(" ", c[0], c[1], c[2], c[3], c[4], c[5], c[13], c[14]));
            }
        }
        rows.sort(null);
        return rows;
    }

    @Test
    void netstatAndSsCapturesReadBackAsTheLiveTable() throws Exception {
        List<String> live = table();
        Path netstat = capture("netstat.txt", "netstat", "-antp");
        Path ss = capture("ss.txt", "ss", "-tanp");
        List<String> liveAfter = table();
        assertThat(liveAfter).as("sockets changed while capturing").isEqualTo(live);
        // 4 established pairs, 2 CLOSE_WAIT + 2 FIN_WAIT2, 1 TIME_WAIT, 2 listeners.
        assertThat(live).hasSize(15);
        assertThat(live).filteredOn(r -> r.contains(" CLOSE_WAIT ")).hasSize(2);
        assertThat(live).filteredOn(r -> r.contains(" TIME_WAIT ")).hasSize(1);
        assertThat(live).filteredOn(r -> r.contains(" ESTABLISHED ") && r.contains(" " + ProcessHandle.current().pid() + " java"))
                .hasSize(8);
        assertThat(table("--input", netstat.toString())).isEqualTo(live);
        assertThat(table("--input", ss.toString())).isEqualTo(live);
        assertThat(Files.size(netstat)).isPositive();
    }
}
