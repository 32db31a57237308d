package io.tcpdoctor.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external program with a time bound and captures its exit code, stdout and stderr. */
public final class Command {
    private Command() {
    }

    /** What a finished program returned. */
    public record Result(List<String> command, int code, String out, String err) {
        /** Fails with everything the program printed unless it exited with 0. */
        public Result ok() {
            if (code != 0) {
                throw new AssertionError(String.join(" ", command) + " exited with " + code + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return this;
        }
    }

    /** Runs in {@code dir} (null: the current one); {@code env} non-null replaces the whole environment. */
    public static Result run(List<String> cmd, Path dir, Map<String, String> env, Duration timeout) {
        try {
            File out = File.createTempFile("cmd", ".out");
            File err = File.createTempFile("cmd", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                if (dir != null) {
                    pb.directory(dir.toFile());
                }
                if (env != null) {
                    pb.environment().clear();
                    pb.environment().putAll(env);
                }
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", cmd));
                }
                return new Result(List.copyOf(cmd), p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                        Files.readString(err.toPath(), StandardCharsets.UTF_8));
            } finally {
                out.delete();
                err.delete();
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs with the inherited environment in the current directory, bounded to one minute. */
    public static Result run(String... cmd) {
        return run(List.of(cmd), null, null, Duration.ofMinutes(1));
    }
}
