package io.tcpdoctor.lab;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.ExitHooks;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.collect.Netns;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One running lab: the problem a {@link Scenario} built, held until {@link #close()} or the duration ends.
 * Owns everything it made (sockets, threads, child processes, namespaces) and removes it on close, on
 * SIGINT/SIGTERM (a shutdown hook) and, for namespaces left by SIGKILL, on the next start.
 *
 * <pre>{@code
 * try (Lab lab = Lab.start("close-wait", LabOptions.defaults().withCount(30).inNetns())) {
 *     Main.execute(out, err, "diagnose", "-N", lab.netns());
 * }
 * }</pre>
 */
public final class Lab implements AutoCloseable {
    private static final Set<Lab> LIVE = ConcurrentHashMap.newKeySet();

    static {
        ExitHooks.add(new Thread(() -> LIVE.forEach(lab -> {
            lab.close();
            if (lab.onExit != null) {
                lab.onExit.run();
            }
        }), "tcpdoctor-lab-cleanup"));
    }

    private final Scenario scenario;
    private final LabOptions options;
    private final int count;
    private final String netns;
    private final String peerNetns;
    /** Set when the build starts: namespace set-up on a loaded machine does not eat into the duration. */
    private volatile long startNanos = System.nanoTime();
    private volatile long deadlineNanos;
    private final List<Closeable> open = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Process> children = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> removedStale;
    private volatile boolean closed;
    private volatile Runnable onExit;
    private volatile int port;
    private volatile long serverPid;
    private final CompletableFuture<Void> built = new CompletableFuture<>();

    private Lab(Scenario scenario, LabOptions options, String netns, String peerNetns, List<String> removedStale) {
        this.scenario = scenario;
        this.options = options;
        int wanted = options.count() > 0 ? options.count() : scenario.defaultCount();
        // Up to two descriptors per connection stay open (both ends of a pair); running this process out of
        // descriptors would break it (class loading needs them too), so the count stays under its own limit.
        long room = (openFilesLimit() - FD_RESERVE) / 2;
        this.count = (int) Math.max(1, Math.min(wanted, room));
        if (count < wanted) {
            events.add("count lowered from " + wanted + " to " + count + ": this process may open only "
                    + openFilesLimit() + " files (ulimit -n)");
        }
        this.netns = netns;
        this.peerNetns = peerNetns;
        this.removedStale = removedStale;
        this.deadlineNanos = startNanos + options.duration().toNanos();
    }

    /** Starts a scenario by name (see {@link Scenarios}). */
    public static Lab start(String scenario, LabOptions options) {
        return start(Scenarios.get(scenario), options);
    }

    /**
     * Builds the scenario's problem and returns once it is in place (bounded by the duration). Needs root
     * when the scenario or the options ask for a namespace.
     */
    public static Lab start(Scenario scenario, LabOptions options) {
        return start(scenario, options, false);
    }

    /**
     * Like {@link #start(String, LabOptions)}, but returns as soon as the namespaces exist while the scenario
     * builds in the background: for observing a workload while it still runs (a close rate measured during a
     * sample). {@link #awaitBuilt()} waits for the build and reports its failure.
     */
    public static Lab startInBackground(String scenario, LabOptions options) {
        return start(Scenarios.get(scenario), options, true);
    }

    private static Lab start(Scenario scenario, LabOptions options, boolean background) {
        String fix = resolveFix(scenario, options.fix());
        LabOptions opts = fix == null ? options : options.withFix(fix);
        if (opts.fdLimit() > 0 && !scenario.name().equals("close-wait")) {
            throw new IllegalArgumentException("--fd-limit applies to close-wait only");
        }
        boolean ns = opts.netns() || scenario.isolation() != Scenario.Isolation.LOOPBACK;
        // Any run as root tidies up after labs killed earlier, even one that stays on loopback.
        List<String> stale = isRoot() ? LabNamespaces.removeStale() : List.of();
        String main = null;
        String peer = null;
        if (ns) {
            if (!isRoot()) {
                throw new TcpdoctorException(ExitCode.UNAVAILABLE, "lab " + scenario.name() + (opts.netns() ? " --netns" : "")
                        + " needs root: it builds a network namespace of its own (run it with sudo"
                        + (scenario.isolation() == Scenario.Isolation.LOOPBACK ? ", or without --netns on loopback)" : ")"));
            }
            if (scenario.needsFirewall() && !onPath("nft")) {
                throw new TcpdoctorException(ExitCode.UNAVAILABLE, "lab " + scenario.name()
                        + " needs the nft tool to drop packets inside its namespace (Debian/Ubuntu: apt-get install nftables)");
            }
            main = LabNamespaces.nameFor(scenario.name(), "");
            if (scenario.isolation() == Scenario.Isolation.NETNS_PAIR) {
                peer = LabNamespaces.nameFor(scenario.name(), "-peer");
            }
        }
        Lab lab = new Lab(scenario, opts, main, peer, stale);
        LIVE.add(lab);
        try {
            if (main != null) {
                LabNamespaces.create(main);
            }
            if (peer != null) {
                LabNamespaces.create(peer);
                LabNamespaces.link(main, SERVER_ADDRESS, peer, CLIENT_ADDRESS);
            }
            lab.startNanos = System.nanoTime();
            lab.deadlineNanos = lab.startNanos + opts.duration().toNanos();
            String in = main;
            if (background) {
                Thread.ofPlatform().daemon().name("tcpdoctor-lab-start").start(() -> {
                    try {
                        lab.runIn(in, "build", () -> scenario.build(lab));
                        lab.built.complete(null);
                    } catch (Throwable e) {
                        // Whatever ends the build, awaitBuilt() must not wait for ever.
                        lab.built.completeExceptionally(e);
                    }
                });
            } else {
                lab.runIn(main, "build", () -> scenario.build(lab));
                lab.built.complete(null);
            }
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** The server side's address in a namespace pair (private to the lab's two namespaces). */
    static final String SERVER_ADDRESS = "10.251.0.1";
    /** The client side's address in a namespace pair. */
    static final String CLIENT_ADDRESS = "10.251.0.2";

    private static String resolveFix(Scenario s, String fix) {
        if (fix == null) {
            return null;
        }
        if (s.fixes().isEmpty()) {
            throw new IllegalArgumentException("lab " + s.name() + " has no fixed variant");
        }
        if (fix.isEmpty()) {
            return s.fixes().getFirst().name();
        }
        for (Scenario.Fix f : s.fixes()) {
            if (f.name().equals(fix)) {
                return fix;
            }
        }
        throw new IllegalArgumentException("unknown fix '" + fix + "' for " + s.name() + "; valid: "
                + String.join(", ", s.fixes().stream().map(Scenario.Fix::name).toList()));
    }

    /** Descriptors left for the JVM itself (class files, netlink, pipes). */
    private static final long FD_RESERVE = 200;

    /** This process's soft open-files limit (RLIMIT_NOFILE), or a large number when unknown or unlimited. */
    static long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE / 4 : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown: no cap
        }
        return Long.MAX_VALUE / 4;
    }

    /** True when the effective uid is 0 (namespaces and their sysctls need it). */
    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean onPath(String tool) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    // ---- what scenarios and callers read ----

    public Scenario scenario() {
        return scenario;
    }

    public LabOptions options() {
        return options;
    }

    /** The namespace the problem lives in (the server side of a pair), or null on the host's loopback. */
    public String netns() {
        return netns;
    }

    /** The client namespace of a pair, or null. */
    public String peerNetns() {
        return peerNetns;
    }

    /** Connections to make: --count or the scenario's default. */
    public int count() {
        return count;
    }

    /** The fixed variant being run, or null for the problem itself. */
    public String fix() {
        return options.fix();
    }

    /** True while the lab runs: not closed and within its duration. */
    public boolean running() {
        return !closed && System.nanoTime() < deadlineNanos;
    }

    /** What happened so far, one line each (counts made, errors met). */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** Runs after the clean-up when the process is ending (Ctrl-C, SIGTERM) while the lab still runs. */
    public void onExit(Runnable r) {
        this.onExit = r;
    }

    /** The port of the first listener the scenario opened (0 when none yet). */
    public int port() {
        return port;
    }

    /** Waits until the scenario's build has returned (at once for {@link #start}); rethrows its failure. */
    public void awaitBuilt() {
        try {
            built.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * The process that holds the problem's server side: a child process the scenario started (close-wait
     * --fd-limit), otherwise this one.
     */
    public long serverPid() {
        return serverPid != 0 ? serverPid : ProcessHandle.current().pid();
    }

    /** Records the child process that holds the server side and the port it listens on. */
    void serverChild(Process child, int listenPort) {
        this.serverPid = child.pid();
        if (this.port == 0) {
            this.port = listenPort;
        }
    }

    /** Stale namespaces (of runs killed earlier) removed at start. */
    public List<String> removedStale() {
        return removedStale;
    }

    /** Time left until the duration ends. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    /** Blocks until the duration ends or the lab is closed (Ctrl-C closes it through the shutdown hook). */
    public void hold() throws InterruptedException {
        while (running()) {
            Thread.sleep(Math.min(200, Math.max(1, remaining().toMillis())));
        }
    }

    // ---- what scenarios use ----

    /** Records one line for the user. */
    public void say(String line) {
        events.add(line);
    }

    /** Keeps something open until the lab ends. */
    public <T extends Closeable> T track(T c) {
        open.add(c);
        return c;
    }

    /** Sleeps so that operation {@code i} (from 0) happens at start + i / rate; false when the lab has ended. */
    public boolean pace(int i) {
        if (options.rate() > 0) {
            long due = startNanos + (long) (i * 1e9 / options.rate());
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.min(wait, Math.max(0, deadlineNanos - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return running();
    }

    /** Polls (every 10 ms, bounded by the lab's duration and {@code maxMs}) until the condition holds. */
    public boolean await(java.util.function.BooleanSupplier condition, long maxMs) {
        long end = Math.min(deadlineNanos, System.nanoTime() + maxMs * 1_000_000);
        while (System.nanoTime() < end && !closed) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    /** A listening socket on this address and port (0 = any free port), kept until the lab ends. */
    public ServerSocketChannel listen(InetAddress address, int port, int backlog) throws IOException {
        ServerSocketChannel s = track(ServerSocketChannel.open());
        s.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
        s.bind(new InetSocketAddress(address, port), backlog);
        if (this.port == 0) {
            this.port = ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
        return s;
    }

    /** A blocking connection, kept until the lab ends (or closed earlier by the scenario). */
    public SocketChannel connect(SocketAddress to) throws IOException {
        SocketChannel c = track(SocketChannel.open());
        c.connect(to);
        return c;
    }

    /** A connection attempt that does not wait for the handshake (stays in SYN_SENT when nothing answers). */
    public SocketChannel connectNonBlocking(SocketAddress to) throws IOException {
        SocketChannel c = track(SocketChannel.open());
        c.configureBlocking(false);
        c.connect(to);
        return c;
    }

    /** Sets a sysctl inside the lab's namespace; never on the host. */
    public void sysctl(String key, String value) {
        if (netns == null) {
            throw new IllegalStateException("lab sysctls are set only inside the lab's own namespace");
        }
        LabNamespaces.sysctl(netns, key, value);
        say("set " + key + " = " + value + " inside " + netns + " (the host keeps its own value)");
    }

    /** Loads nft rules inside the lab's namespace. */
    public void nft(String ruleset) {
        if (netns == null) {
            throw new IllegalStateException("lab firewall rules go only into the lab's own namespace");
        }
        LabNamespaces.nft(netns, ruleset);
    }

    /** Starts background work on a thread inside the lab's namespace; it must stop when {@link #running()} is false. */
    public void spawn(String name, Body body) {
        spawnIn(netns, name, body);
    }

    private static final long BUILD_GRACE_MS = 10_000;

    /** Runs work on a fresh thread inside a namespace (null = this one) and waits for it, within the duration. */
    public void runIn(String ns, String name, Body body) {
        Throwable[] failure = new Throwable[1];
        Thread t = spawnIn(ns, name, () -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        try {
            // Work loops stop at the deadline (pace() and running() turn false); the grace lets them report.
            t.join(Math.max(1, remaining().toMillis()) + BUILD_GRACE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] instanceof IOException io) {
            // The host's own limits (open files, memory) cut the build short: keep what was made, say why.
            say(name + " stopped early: " + io.getMessage());
            return;
        }
        if (failure[0] instanceof RuntimeException r) {
            throw r;
        }
        if (failure[0] != null) {
            throw new TcpdoctorException(ExitCode.INTERNAL, "lab " + scenario.name() + " failed: " + failure[0], failure[0]);
        }
    }

    private Thread spawnIn(String ns, String name, Body body) {
        Thread t = Thread.ofPlatform().daemon().name("tcpdoctor-lab-" + name).unstarted(() -> {
            try (Netns in = Netns.enter(ns)) {
                body.run();
            } catch (Exception e) {
                if (!closed) {
                    say(name + " stopped: " + e.getMessage());
                }
            }
        });
        threads.add(t);
        t.start();
        return t;
    }

    /** Starts a child process (killed when the lab ends; it must also end by itself when its stdin closes). */
    public Process startChild(List<String> command) throws IOException {
        List<String> full = new ArrayList<>();
        if (netns != null) {
            full.addAll(List.of("ip", "netns", "exec", netns));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        children.add(p);
        return p;
    }

    /** Work that may throw, run inside the lab's namespace. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /** Writes a line and reads one back on a blocking connection (a tiny request/response). */
    static boolean exchange(SocketChannel c) throws IOException {
        c.write(ByteBuffer.wrap(REQUEST));
        ByteBuffer in = ByteBuffer.allocate(REQUEST.length);
        while (in.hasRemaining()) {
            if (c.read(in) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The pooled client of the fixed variants: every request over one kept-alive connection. Records and returns
     * how many requests it made.
     */
    int pooledRequests(InetSocketAddress to, String detail) throws IOException {
        SocketChannel c = connect(to);
        int i = 0;
        while (i < count && pace(i) && exchange(c)) {
            i++;
        }
        say(i + " requests over one kept-alive connection to " + Scenarios.text(to) + ": " + detail);
        return i;
    }

    static final byte[] REQUEST = "ping\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Closes every socket, ends threads and child processes, deletes the namespaces. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Process p : children) {
            p.destroy();
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (IOException | RuntimeException ignored) {
                // best effort: the namespace goes anyway
            }
        }
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Process p : children) {
            try {
                if (!p.waitFor(3, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (peerNetns != null) {
            LabNamespaces.delete(peerNetns);
        }
        if (netns != null) {
            LabNamespaces.delete(netns);
        }
        LIVE.remove(this);
    }
}
