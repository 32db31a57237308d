package io.tcpdoctor.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs tcpdoctor as a separate JVM (its own heap limit, real standard streams), through bash for pipes. */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** Exit code, output, error and wall time of one run. */
    public record Result(int code, String out, String err, long millis) {
    }

    /** The command that starts tcpdoctor with these JVM options, as one shell string. */
    public static String command(String jvmOpts, String... args) {
        List<String> words = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1"));
        if (!jvmOpts.isBlank()) {
            words.addAll(List.of(jvmOpts.trim().split("\\s+")));
        }
        words.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.tcpdoctor.Main"));
        words.addAll(List.of(args));
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            b.append(b.isEmpty() ? "" : " ").append("'").append(w.replace("'", "'\\''")).append("'");
        }
        return b.toString();
    }

    /** Runs a bash script (bounded by the timeout; killed after it) and returns what it printed. */
    public static Result bash(String script, long timeoutSeconds) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("bash", "-c", script).start();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        // Both streams are small in these tests: read them after the process ends, bounded by the timeout.
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IOException("timed out after " + timeoutSeconds + " s: " + script);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new Result(p.exitValue(), new String(out.readAllBytes(), StandardCharsets.UTF_8),
                new String(err.readAllBytes(), StandardCharsets.UTF_8), ms);
    }
}
