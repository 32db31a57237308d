package io.tcpdoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** A network namespace named td-diag-RANDOM with loopback up, deleted on close; helpers to run commands in it. */
final class TestNamespace implements AutoCloseable {
    final String name;

    TestNamespace() {
        name = "td-diag-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000000, 0x7fffffff));
        sh("ip", "netns", "add", name);
        sh("ip", "-n", name, "link", "set", "lo", "up");
    }

    /** Sets sysctls inside the namespace, e.g. {@code net.ipv4.tcp_tw_reuse=0}. */
    void sysctl(String... assignments) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name, "sysctl", "-q", "-w"));
        cmd.addAll(List.of(assignments));
        sh(cmd.toArray(String[]::new));
    }

    @Override
    public void close() {
        sh("ip", "netns", "del", name);
    }

    /** Runs a command (bounded to 20 s) and fails the test when it fails. */
    static String sh(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", cmd));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd[0] + " (package iproute2 / procps needed): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Result of running tcpdoctor in-process. */
    record Run(int code, String out, String err) {
    }

    /** Runs tcpdoctor with these arguments in this JVM. */
    static Run tcpdoctor(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
