package io.tcpdoctor.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace a test creates (with loopback up) and deletes on close, plus helpers to run
 * commands and child Java processes inside it. Needs root.
 */
public final class TestNetns implements AutoCloseable {
    private final String name;
    private final List<Process> children = new ArrayList<>();

    private TestNetns(String name) {
        this.name = name;
    }

    /** True when this process can create namespaces (root with the ip tool). */
    public static boolean available() {
        return "root".equals(System.getProperty("user.name")) && Path.of("/usr/sbin/ip").toFile().canExecute()
                || "root".equals(System.getProperty("user.name")) && Path.of("/sbin/ip").toFile().canExecute();
    }

    /** Creates {@code prefix-<random>} and brings its loopback up. */
    public static TestNetns create(String prefix) {
        String n = prefix + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        exec("ip", "netns", "add", n);
        TestNetns ns = new TestNetns(n);
        try {
            exec("ip", "-n", n, "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** A sysctl value as seen inside the namespace, read by the sysctl tool (not by tcpdoctor). */
    public String sysctl(String key) {
        return run("sysctl", "-n", key).strip().replaceAll("\\s+", " ");
    }

    /** Sets sysctls inside the namespace with the sysctl tool, e.g. {@code net.ipv4.tcp_tw_reuse=0}. */
    public void setSysctls(String... assignments) {
        List<String> cmd = new ArrayList<>(List.of("sysctl", "-q", "-w"));
        cmd.addAll(List.of(assignments));
        run(cmd.toArray(String[]::new));
    }

    /** Sets one sysctl inside the namespace. */
    public void setSysctl(String key, String value) {
        setSysctls(key + "=" + value);
    }

    /**
     * A kernel counter of this namespace, read with cat from /proc/net/snmp or /proc/net/netstat (not by tcpdoctor):
     * {@code counter("Tcp", "ActiveOpens")}, {@code counter("TcpExt", "TWRecycled")}.
     */
    public long counter(String section, String name) {
        for (String file : List.of("/proc/net/snmp", "/proc/net/netstat")) {
            String[] lines = run("cat", file).lines().filter(l -> l.startsWith(section + ":")).toArray(String[]::new);
            for (int l = 0; l + 1 < lines.length; l += 2) {
                String[] names = lines[l].split("\\s+");
                String[] values = lines[l + 1].split("\\s+");
                for (int i = 0; i < names.length && i < values.length; i++) {
                    if (names[i].equals(name)) {
                        return Long.parseLong(values[i]);
                    }
                }
            }
        }
        throw new IllegalStateException("no " + section + " " + name + " in /proc/net/snmp or /proc/net/netstat");
    }

    /** Connects two namespaces with a veth pair: this one gets addrA, the other addrB (both /24). */
    public void link(TestNetns other, String addrA, String addrB) {
        String a = "tda" + name.substring(Math.max(0, name.length() - 8));
        String b = "tdb" + name.substring(Math.max(0, name.length() - 8));
        exec("ip", "-n", name, "link", "add", a, "type", "veth", "peer", "name", b, "netns", other.name);
        exec("ip", "-n", name, "addr", "add", addrA + "/24", "dev", a);
        exec("ip", "-n", other.name, "addr", "add", addrB + "/24", "dev", b);
        exec("ip", "-n", name, "link", "set", a, "up");
        exec("ip", "-n", other.name, "link", "set", b, "up");
    }

    /** The namespace name as {@code ip netns list} shows it. */
    public String name() {
        return name;
    }

    /** Runs a command inside the namespace and returns its standard output; fails on a non-zero exit. */
    public String run(String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(cmd));
        return exec(full.toArray(String[]::new));
    }

    /** Starts a Java main class of the test class path inside the namespace; it is killed on close. */
    public Process startJava(Class<?> main, String... args) throws IOException {
        return startJava(List.of(), main, args);
    }

    /** {@link #startJava(Class, String...)} with these JVM options too. */
    public Process startJava(List<String> jvmOptions, Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        children.add(p);
        return p;
    }

    /** Waits (bounded) for a child to print a line starting with READY and returns that line. */
    public static String awaitReady(Process p, long timeoutMs) throws IOException {
        long end = System.currentTimeMillis() + timeoutMs;
        InputStream in = p.getInputStream();
        StringBuilder line = new StringBuilder();
        while (System.currentTimeMillis() < end) {
            if (in.available() > 0) {
                int c = in.read();
                if (c == '\n') {
                    String l = line.toString();
                    if (l.startsWith("READY")) {
                        return l;
                    }
                    line.setLength(0);
                } else if (c >= 0) {
                    line.append((char) c);
                }
            } else if (!p.isAlive()) {
                throw new IOException("child exited with " + p.exitValue() + " before it was ready");
            } else {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
        }
        throw new IOException("child not ready within " + timeoutMs + " ms");
    }

    /** Waits (bounded, 20 s) until no socket of the namespace is still closing (FIN_WAIT1/2, CLOSE_WAIT, LAST_ACK). */
    public static void settleCloses(String ns) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            String out = exec("ip", "netns", "exec", ns, "ss", "-Htan", "state", "fin-wait-1", "state", "fin-wait-2",
                    "state", "close-wait", "state", "last-ack");
            if (out.isBlank()) {
                return;
            }
            Thread.sleep(100);
        }
    }

    /** Runs a command (bounded to 30 s) and returns its standard output; fails on a non-zero exit. */
    public static String exec(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd[0] + " (needs the iproute2 and procps packages): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", cmd), e);
        }
    }

    @Override
    public void close() {
        for (Process p : children) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        exec("ip", "netns", "del", name);
    }
}
