package io.tcpdoctor.tune;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** A network namespace created for one test (named td-advice-RANDOM) and deleted on close. */
public final class TestNetns implements AutoCloseable {
    private final String name;

    private TestNetns(String name) {
        this.name = name;
    }

    /** Creates a namespace with its loopback up. */
    public static TestNetns create() {
        byte[] b = new byte[4];
        ThreadLocalRandom.current().nextBytes(b);
        TestNetns ns = new TestNetns("td-advice-" + HexFormat.of().formatHex(b));
        run("ip", "netns", "add", ns.name);
        run("ip", "-n", ns.name, "link", "set", "lo", "up");
        return ns;
    }

    /** The namespace name as 'ip netns' knows it. */
    public String name() {
        return name;
    }

    /** A sysctl value as seen inside the namespace, read by the sysctl tool (not by tcpdoctor). */
    public String sysctl(String key) {
        return run("ip", "netns", "exec", name, "sysctl", "-n", key).strip().replaceAll("\\s+", " ");
    }

    /** Sets a sysctl inside the namespace with the sysctl tool. */
    public void setSysctl(String key, String value) {
        run("ip", "netns", "exec", name, "sysctl", "-q", "-w", key + "=" + value);
    }

    /** Connects two namespaces with a veth pair: this one gets addrA, the other addrB (both /24). */
    public void link(TestNetns other, String addrA, String addrB) {
        String a = "tda" + name.substring(name.length() - 8);
        String b = "tdb" + name.substring(name.length() - 8);
        run("ip", "-n", name, "link", "add", a, "type", "veth", "peer", "name", b, "netns", other.name);
        run("ip", "-n", name, "addr", "add", addrA + "/24", "dev", a);
        run("ip", "-n", other.name, "addr", "add", addrB + "/24", "dev", b);
        run("ip", "-n", name, "link", "set", a, "up");
        run("ip", "-n", other.name, "link", "set", b, "up");
    }

    @Override
    public void close() {
        run("ip", "netns", "del", name);
    }

    /** Runs a command (bounded to 20 s) and returns its stdout; fails the test on a non-zero exit. */
    public static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", cmd));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + new ArrayList<>(List.of(cmd)) + ": " + e.getMessage()
                    + " (needs the iproute2 and procps packages)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
