package io.tcpdoctor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an installed tool (promtool, systemd-analyze) with a time limit and captures its output. */
public final class External {
    private External() {
    }

    /** Exit code and merged stdout/stderr of one run. */
    public record Result(int code, String output) {
    }

    /** The absolute path of a tool on PATH; fails the test (never skips) when it is missing. */
    public static String require(String tool, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, tool);
            if (p.toFile().canExecute()) {
                return p.toString();
            }
        }
        throw new AssertionError(tool + " not found on PATH: install the Debian package '" + debianPackage
                + "' (./run-tests does this)");
    }

    /** Runs a command in a directory, waiting at most {@code seconds}. */
    public static Result run(Path dir, long seconds, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[][] out = new byte[1][];
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = new byte[0];
            }
        });
        boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        reader.join(5_000);
        assertThat(done).as("%s finished within %d s", command, seconds).isTrue();
        return new Result(p.exitValue(), out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8));
    }
}
