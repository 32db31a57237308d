package io.tcpdoctor.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpdoctor.deploy.External;
import java.io.IOException;
import java.net.InetAddress;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Prometheus server (Debian {@code prometheus}) on a free 127.0.0.1 port with its configuration and
 * storage in a temporary directory, scraping the given loopback targets every second and loading rule files.
 * Stopped (and its files left to the temp dir's cleanup) on close.
 */
final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Path log;

    /** A target: a host:port on loopback and the instance label Prometheus gives it. */
    record Target(String address, String instance) {
    }

    PrometheusServer(Path dir, List<Target> targets, List<Path> ruleFiles) throws IOException {
        String binary = External.require("prometheus", "prometheus");
        port = freePort();
        StringBuilder cfg = new StringBuilder();
        cfg.append("global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\n  evaluation_interval: 1s\n");
        cfg.append("rule_files:\n");
        for (Path r : ruleFiles) {
            cfg.append("  - '").append(r.toAbsolutePath()).append("'\n");
        }
        cfg.append("scrape_configs:\n  - job_name: tcpdoctor\n    static_configs:\n");
        for (Target t : targets) {
            cfg.append("      - targets: ['").append(t.address()).append("']\n        labels: {instance: '")
                    .append(t.instance()).append("'}\n");
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, cfg);
        log = dir.resolve("prometheus.log");
        process = new ProcessBuilder(binary, "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.retention.time=1h")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await("Prometheus ready", 30_000, () -> get("/-/ready").startsWith("200"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** "STATUS body" of a GET on a path, or "ERR message". */
    String get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (IOException e) {
            return "ERR " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "ERR interrupted";
        }
    }

    /** The result array of an instant query (empty when the query fails). */
    JsonNode query(String promql) {
        String r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!r.startsWith("200 ")) {
            return JSON.createArrayNode();
        }
        try {
            return JSON.readTree(r.substring(4)).at("/data/result");
        } catch (IOException e) {
            return JSON.createArrayNode();
        }
    }

    /** The whole JSON answer of an instant query, for checking that a query is valid. */
    JsonNode answer(String promql) throws IOException {
        String r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return JSON.readTree(r.substring(r.indexOf(' ') + 1));
    }

    /** Waits (bounded) until a query's result satisfies a condition. */
    JsonNode awaitQuery(String promql, long timeoutMs, Predicate<JsonNode> ok) {
        JsonNode[] last = new JsonNode[1];
        await(promql, timeoutMs, () -> ok.test(last[0] = query(promql)));
        return last[0];
    }

    void await(String what, long timeoutMs, java.util.function.BooleanSupplier ok) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end || !process.isAlive()) {
                String tail;
                try {
                    List<String> lines = new ArrayList<>(Files.readAllLines(log));
                    tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
                } catch (IOException e) {
                    tail = e.toString();
                }
                String targets = get("/api/v1/targets?state=active");
                throw new AssertionError("timed out waiting for " + what + (process.isAlive() ? "" : " (Prometheus exited)")
                        + "\ntargets: " + targets + "\nPrometheus log:\n" + tail);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
