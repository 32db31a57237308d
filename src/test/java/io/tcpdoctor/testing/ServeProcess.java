package io.tcpdoctor.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tcpdoctor serve} running as a child JVM of the test class path (so that its HTTP server limits are its
 * own), on a free loopback port. It stops by itself after 5 minutes at the latest, and is killed on close.
 */
public final class ServeProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("serving (https?://[^/ ]+)/");

    private final Process process;
    private final StringBuffer stderr = new StringBuffer();
    private final String base;

    private ServeProcess(Process process, String base) {
        this.process = process;
        this.base = base;
    }

    /** Starts {@code serve ARGS --listen 127.0.0.1:0} and waits (bounded) until it listens. */
    public static ServeProcess start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "io.tcpdoctor.Main", "serve"));
        cmd.addAll(List.of(args));
        if (!List.of(args).contains("--listen")) {
            cmd.addAll(List.of("--listen", "127.0.0.1:0"));
        }
        cmd.addAll(List.of("--exit-after", "300s"));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        StringBuffer err = new StringBuffer();
        String[] found = new String[1];
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    err.append(line).append('\n');
                    Matcher m = SERVING.matcher(line);
                    if (m.find()) {
                        synchronized (found) {
                            found[0] = m.group(1);
                            found.notifyAll();
                        }
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        long end = System.currentTimeMillis() + 60_000;
        synchronized (found) {
            while (found[0] == null && p.isAlive() && System.currentTimeMillis() < end) {
                try {
                    found.wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (found[0] == null) {
            p.destroyForcibly();
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("serve did not start: " + err);
        }
        ServeProcess s = new ServeProcess(p, found[0]);
        s.stderr.append(err);
        return s;
    }

    /** {@code http://127.0.0.1:PORT} (no trailing slash). */
    public String base() {
        return base;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String hostPort() {
        return URI.create(base).getAuthority();
    }

    /** The port. */
    public int port() {
        return URI.create(base).getPort();
    }

    /** What it printed on stderr so far (for failure messages). */
    public String stderr() {
        return stderr.toString();
    }

    /** GETs a path with a 30 s timeout (generous: CI machines can be loaded); returns the response with its body as text. */
    public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        try (HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build()) {
            return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
