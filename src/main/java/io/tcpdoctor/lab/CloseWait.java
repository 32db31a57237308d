package io.tcpdoctor.lab;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server that never closes a connection after the peer closed: every accepted socket stays in CLOSE_WAIT and
 * keeps its file descriptor. With --fd-limit the server is a child process with that RLIMIT_NOFILE, so it runs
 * into EMFILE and stops accepting.
 */
final class CloseWait implements Scenario {
    @Override
    public String name() {
        return "close-wait";
    }

    @Override
    public String teaches() {
        return "a server that never calls close() after the client closed: CLOSE_WAIT has no timeout, each one holds "
                + "a file descriptor until the process closes it or dies (--fd-limit N: it runs out of descriptors, EMFILE)";
    }

    @Override
    public String state() {
        return "close-wait";
    }

    @Override
    public String finding() {
        return "close-wait-leak";
    }

    @Override
    public Isolation isolation() {
        return Isolation.LOOPBACK;
    }

    @Override
    public List<Fix> fixes() {
        return List.of(new Fix("close", "the server closes its socket when read() returns -1 (try-with-resources): "
                + "no CLOSE_WAIT, the client's side passes through TIME_WAIT"));
    }

    @Override
    public int defaultCount() {
        return 100;
    }

    @Override
    public List<String> diagnoseArgs(int count) {
        return Scenarios.threshold("--close-wait", count, 20);
    }

    @Override
    public void build(Lab lab) throws Exception {
        if (lab.options().fdLimit() > 0) {
            buildInChild(lab);
            return;
        }
        ServerSocketChannel listener = lab.listen(InetAddress.getLoopbackAddress(), Scenarios.port(lab, 8080), lab.count() + 16);
        InetSocketAddress to = (InetSocketAddress) listener.getLocalAddress();
        boolean closes = "close".equals(lab.fix());
        int i = 0;
        for (; i < lab.count() && lab.pace(i); i++) {
            SocketChannel client = SocketChannel.open(to);
            SocketChannel server = listener.accept();
            client.close();
            if (closes) {
                // The fix: read() returning -1 means the peer closed; close our side too.
                try (server) {
                    server.read(ByteBuffer.allocate(1));
                }
            } else {
                lab.track(server);
            }
        }
        lab.say(i + " connections to " + Scenarios.text(to) + " closed by the client; " + (closes
                ? "the server closed each one after read() returned -1: no CLOSE_WAIT"
                : "the server (pid " + ProcessHandle.current().pid() + ") never closed them: " + i
                        + " CLOSE_WAIT sockets, each holding a file descriptor"));
    }

    /** The leaking server runs as a child JVM with a small open-files limit; this process plays the clients. */
    private static void buildInChild(Lab lab) throws Exception {
        int limit = lab.options().fdLimit();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Only the tool's own classes: every class path entry costs the JVM open files, and a long class path
        // (a development or test one) uses up a small limit before the server starts.
        String classes = Path.of(LeakyServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process child = lab.startChild(List.of("prlimit", "--nofile=" + limit + ":" + limit, "--",
                java, "-Xmx32m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classes,
                LeakyServer.class.getName(), Integer.toString(Scenarios.port(lab, 8080)), Integer.toString(lab.count() + 16),
                Long.toString(lab.remaining().toMillis())));
        BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String ready = lines.readLine();
        if (ready == null || !ready.startsWith("READY ")) {
            child.waitFor(2, TimeUnit.SECONDS);
            throw new IllegalStateException("the leaking server did not start (fd limit " + limit + " too small for a JVM?)");
        }
        int port = Integer.parseInt(ready.substring(6).strip());
        lab.serverChild(child, port);
        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        AtomicInteger accepted = new AtomicInteger();
        String[] emfile = new String[1];
        lab.spawn("child-output", () -> {
            for (String l; (l = lines.readLine()) != null; ) {
                if (l.startsWith("ACCEPTED ")) {
                    accepted.set(Integer.parseInt(l.substring(9).strip()));
                } else if (l.startsWith("EMFILE ")) {
                    emfile[0] = l.substring(7);
                }
            }
        });
        int i = 0;
        for (; i < lab.count() && lab.pace(i); i++) {
            SocketChannel c = SocketChannel.open(to);
            c.close();
        }
        int made = i;
        lab.await(() -> emfile[0] != null || accepted.get() >= made, 5000);
        lab.say(made + " connections to " + Scenarios.text(to) + " closed by the client; the server (pid " + child.pid()
                + ", open-files limit " + limit + ") accepted " + accepted.get() + " and never closed them (CLOSE_WAIT)");
        if (emfile[0] != null) {
            lab.say("the server then failed: accept(): " + emfile[0]
                    + "; the connections it could not accept wait in the listen queue");
        }
    }
}
