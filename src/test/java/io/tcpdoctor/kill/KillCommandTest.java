package io.tcpdoctor.kill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpdoctor.collect.Libc;
import io.tcpdoctor.collect.Netns;
import io.tcpdoctor.collect.SocketKiller;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.SocketFilter;
import io.tcpdoctor.testing.Cli;
import io.tcpdoctor.testing.TestNetns;
import io.tcpdoctor.testing.Wait;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code tcpdoctor kill} on real sockets inside a test namespace: dry run, --yes, refusals, no CAP_NET_ADMIN. */
class KillCommandTest {
    static final int PORT = 7100;

    /** Runs socket set-up on a platform thread inside the namespace (sockets keep the namespace they were made in). */
    static <T> T inside(String ns, Callable<T> work) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try (Netns in = Netns.enter(ns)) {
                return work.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofPlatform().daemon().start(r)).get(30, TimeUnit.SECONDS);
    }

    static int count(String ns, String state) {
        Cli.Result r = Cli.run("states", "-N", ns, "--state", state);
        Matcher m = Pattern.compile("(?m)^TOTAL\\s+(\\d+)").matcher(r.out());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Client half-closes, server never closes: server CLOSE_WAIT, client FIN_WAIT2 and still open. */
    record Pairs(ServerSocketChannel listener, List<SocketChannel> clients, List<SocketChannel> servers) {
    }

    static Pairs closeWaitPairs(String ns, int n) throws Exception {
        return inside(ns, () -> {
            ServerSocketChannel l = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT), 64);
            List<SocketChannel> cs = new ArrayList<>();
            List<SocketChannel> ss = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                SocketChannel c = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT));
                ss.add(l.accept());
                c.shutdownOutput();
                cs.add(c);
            }
            return new Pairs(l, cs, ss);
        });
    }

    @Test
    void dryRunThenYesDestroysCloseWaitThePeerSeesAResetAndTheFdStays() throws Exception {
        try (TestNetns ns = TestNetns.create("td-kill")) {
            Pairs p = closeWaitPairs(ns.name(), 3);
            assertThat(Wait.until(() -> count(ns.name(), "close-wait") == 3, 5000)).isTrue();

            Cli.Result dry = Cli.run("kill", "-N", ns.name(), "--state", "close-wait");
            assertThat(dry.code()).as(dry.err()).isZero();
            assertThat(dry.out()).contains("Dry run: 3 sockets match; nothing was killed. Add --yes")
                    .contains("still holds each file descriptor");
            assertThat(dry.out().lines().filter(l -> l.contains("CLOSE_WAIT") && l.contains("127.0.0.1:" + PORT))).hasSize(3);
            Cli.Result byPid = Cli.run("kill", "-N", ns.name(), "--pid", Long.toString(ProcessHandle.current().pid()),
                    "--sport", Integer.toString(PORT));
            assertThat(byPid.out()).as("owner filter: this process's server sides; the listener is left alone")
                    .contains("Dry run: 3 sockets match");
            assertThat(byPid.err()).contains("left 1 LISTEN socket alone");
            assertThat(Cli.run("kill", "-N", ns.name(), "--pid", "1", "--sport", Integer.toString(PORT)).out())
                    .contains("No socket matches; nothing was killed.");
            Cli.Result json = Cli.run("kill", "-N", ns.name(), "--state", "close-wait", "--format", "json");
            assertThat(json.code()).as(json.err()).isZero();
            var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
            assertThat(doc.get("dry_run").asBoolean()).isTrue();
            assertThat(doc.get("matched")).hasSize(3);
            assertThat(doc.get("matched").get(0).get("state").asText()).isEqualTo("CLOSE_WAIT");
            assertThat(doc.get("matched").get(0).get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(doc.get("destroyed").asInt()).isZero();
            assertThat(count(ns.name(), "close-wait")).as("a dry run destroys nothing").isEqualTo(3);

            Cli.Result yes = Cli.run("kill", "-N", ns.name(), "--state", "close-wait", "--yes");
            assertThat(yes.code()).as(yes.err()).isZero();
            assertThat(yes.out()).contains("Destroyed 3 of 3 sockets.").contains("fd leak stays");
            assertThat(count(ns.name(), "close-wait")).isZero();
            for (SocketChannel c : p.clients()) {
                assertThatThrownBy(() -> c.read(ByteBuffer.allocate(8))).isInstanceOf(IOException.class)
                        .hasMessageContaining("reset");
            }
            // What kill does not fix: the application still holds its descriptors.
            for (SocketChannel s : p.servers()) {
                assertThat(s.isOpen()).isTrue();
            }
            close(p);
        }
    }

    @Test
    void refusesEmptyFiltersAndListenersUnlessAsked() throws Exception {
        try (TestNetns ns = TestNetns.create("td-kill")) {
            Pairs p = closeWaitPairs(ns.name(), 1);
            for (String[] args : List.of(new String[] {"kill", "-N", ns.name()}, new String[] {"kill", "-N", ns.name(), "-4", "--yes"},
                    new String[] {"kill", "-N", ns.name(), "--state", "all", "--yes"})) {
                Cli.Result r = Cli.run(args);
                assertThat(r.code()).isEqualTo(2);
                assertThat(r.err()).startsWith("tcpdoctor: kill refuses an empty filter");
            }
            Cli.Result listen = Cli.run("kill", "-N", ns.name(), "--state", "listen", "--yes");
            assertThat(listen.code()).isEqualTo(2);
            assertThat(listen.err()).contains("add --include-listen");

            Cli.Result byPort = Cli.run("kill", "-N", ns.name(), "--sport", Integer.toString(PORT), "--yes");
            assertThat(byPort.code()).as(byPort.err()).isZero();
            assertThat(byPort.err()).contains("left 1 LISTEN socket alone");
            assertThat(byPort.out()).contains("Destroyed 1 of 1 socket.");
            assertThat(count(ns.name(), "listen")).isEqualTo(1);

            Cli.Result all = Cli.run("kill", "-N", ns.name(), "--state", "listen", "--include-listen", "--yes");
            assertThat(all.out()).contains("Destroyed 1 of 1 socket.").contains("stops accepting");
            assertThat(count(ns.name(), "listen")).isZero();
            close(p);
        }
    }

    @Test
    void timeWaitIsDroppedAndASocketGoneMeanwhileIsReportedAsEnoent() throws Exception {
        try (TestNetns ns = TestNetns.create("td-kill")) {
            Pairs p = closeWaitPairs(ns.name(), 2);
            // The clients sent their FIN first, so once the servers close, the clients end in TIME_WAIT.
            List<SocketKiller.Target> targets = SocketKiller.find(ns.name(),
                    SocketFilter.all().withStates(EnumSet.of(TcpState.CLOSE_WAIT)));
            assertThat(targets).hasSize(2);
            for (SocketChannel s : p.servers()) {
                s.close();
            }
            assertThat(Wait.until(() -> count(ns.name(), "time-wait") == 2, 5000)).isTrue();
            // The dump's sockets are gone now: the kernel answers ENOENT for each.
            List<SocketKiller.Outcome> gone = SocketKiller.destroy(ns.name(), targets, KillAdvice::fatal);
            assertThat(gone).extracting(SocketKiller.Outcome::errno).containsOnly(Libc.ENOENT);
            assertThat(KillAdvice.reason(Libc.ENOENT)).startsWith("already gone (ENOENT)");

            Cli.Result tw = Cli.run("kill", "-N", ns.name(), "--state", "time-wait", "--yes");
            assertThat(tw.code()).as(tw.err()).isZero();
            assertThat(tw.out()).contains("Destroyed 2 of 2 sockets.").contains("TIME_WAIT: the kernel drops the entry");
            assertThat(count(ns.name(), "time-wait")).as("this kernel removes TIME_WAIT sockets on SOCK_DESTROY").isZero();
            close(p);
        }
    }

    @Test
    void withoutCapNetAdminItIsAClearErrorAndNothingIsKilled() throws Exception {
        try (TestNetns ns = TestNetns.create("td-kill")) {
            Pairs p = closeWaitPairs(ns.name(), 2);
            assertThat(Wait.until(() -> count(ns.name(), "close-wait") == 2, 5000)).isTrue();
            // Root without CAP_NET_ADMIN: it may still enter the namespace (CAP_SYS_ADMIN) and dump sockets.
            Process proc = new ProcessBuilder(List.of("setpriv", "--inh-caps=-net_admin", "--bounding-set=-net_admin",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                    "-Xmx64m", "-cp", System.getProperty("java.class.path"), "io.tcpdoctor.Main",
                    "kill", "-N", ns.name(), "--state", "close-wait", "--yes")).start();
            assertThat(proc.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String err = new String(proc.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(proc.exitValue()).as(err).isEqualTo(3);
            assertThat(err.strip()).doesNotContain("\n")
                    .startsWith("tcpdoctor: kill: destroying sockets needs CAP_NET_ADMIN")
                    .contains("jcmd PID Thread.print");
            assertThat(count(ns.name(), "close-wait")).isEqualTo(2);
            close(p);
        }
    }

    private static void close(Pairs p) throws IOException {
        for (SocketChannel c : p.clients()) {
            c.close();
        }
        for (SocketChannel s : p.servers()) {
            s.close();
        }
        p.listener().close();
    }
}
