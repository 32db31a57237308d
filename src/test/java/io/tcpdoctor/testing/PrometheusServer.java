package io.tcpdoctor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus server (Debian package {@code prometheus}) on a free loopback port, with a temporary
 * configuration and storage directory, scraping one target every second. Deleted on close.
 */
public final class PrometheusServer implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final String base;

    private PrometheusServer(Process process, Path dir, String base) {
        this.process = process;
        this.dir = dir;
        this.base = base;
    }

    /** Starts Prometheus scraping {@code target} (host:port) at /metrics every second; waits until it is ready. */
    public static PrometheusServer start(String target) throws IOException, InterruptedException {
        Path bin = Path.of("/usr/bin/prometheus");
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException("/usr/bin/prometheus missing: ./run-tests installs the Debian package prometheus");
        }
        Path dir = Files.createTempDirectory("td-prom");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: tcpdoctor
                    static_configs:
                      - targets: ['%s']
                """.formatted(target));
        Process p = new ProcessBuilder(bin.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusServer s = new PrometheusServer(p, dir, "http://127.0.0.1:" + port);
        boolean ready = Wait.until(() -> {
            try {
                return s.http("/-/ready").statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        }, 30_000);
        if (!ready) {
            String log = Files.readString(dir.resolve("prometheus.log"));
            s.close();
            throw new IllegalStateException("prometheus not ready within 30 s: " + log);
        }
        return s;
    }

    private HttpResponse<String> http(String path) throws IOException {
        try (HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            return c.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** Runs an instant PromQL query through the HTTP API and returns {@code data.result}. */
    public JsonNode query(String promql) throws IOException {
        HttpResponse<String> r = http("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode n = new ObjectMapper().readTree(r.body());
        if (!"success".equals(n.path("status").asText())) {
            throw new IOException("query failed: " + r.body());
        }
        return n.path("data").path("result");
    }

    /** The single value of a query returning one sample, or NaN when it returns none. */
    public double value(String promql) throws IOException {
        JsonNode res = query(promql);
        return res.isEmpty() ? Double.NaN : Double.parseDouble(res.get(0).path("value").get(1).asText());
    }

    /** The scrape target's health as Prometheus sees it ({@code up}, {@code down} or {@code unknown}). */
    public String targetHealth() throws IOException {
        JsonNode n = new ObjectMapper().readTree(http("/api/v1/targets").body());
        JsonNode t = n.path("data").path("activeTargets");
        return t.isEmpty() ? "none" : t.get(0).path("health").asText() + " " + t.get(0).path("lastError").asText();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temp dir is harmless.
        }
    }
}
