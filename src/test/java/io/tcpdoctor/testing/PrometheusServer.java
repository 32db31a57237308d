package io.tcpdoctor.testing;

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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real Prometheus server (Debian package {@code prometheus}) on a free loopback port, with a temporary
 * configuration and storage directory, scraping its loopback targets every second and loading the given rule
 * files. Stopped and its directory deleted on close.
 */
public final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path dir;
    private final String base;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A scrape target: a host:port on loopback and the instance label Prometheus gives it (null: the address). */
    public record Target(String address, String instance) {
    }

    private PrometheusServer(Process process, Path dir, String base) {
        this.process = process;
        this.dir = dir;
        this.base = base;
        this.log = dir.resolve("prometheus.log");
    }

    /** Starts Prometheus scraping {@code target} (host:port) at /metrics every second; waits until it is ready. */
    public static PrometheusServer start(String target) throws IOException {
        return start(List.of(new Target(target, null)), List.of());
    }

    /** Starts Prometheus scraping the targets every second and evaluating the rule files; waits until it is ready. */
    public static PrometheusServer start(List<Target> targets, List<Path> ruleFiles) throws IOException {
        String bin = External.require("prometheus", "prometheus");
        Path dir = Files.createTempDirectory("td-prom");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        StringBuilder cfg = new StringBuilder();
        cfg.append("global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\n  evaluation_interval: 1s\n");
        if (!ruleFiles.isEmpty()) {
            cfg.append("rule_files:\n");
            for (Path r : ruleFiles) {
                cfg.append("  - '").append(r.toAbsolutePath()).append("'\n");
            }
        }
        cfg.append("scrape_configs:\n  - job_name: tcpdoctor\n    static_configs:\n");
        for (Target t : targets) {
            cfg.append("      - targets: ['").append(t.address()).append("']\n");
            if (t.instance() != null) {
                cfg.append("        labels: {instance: '").append(t.instance()).append("'}\n");
            }
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, cfg);
        Process p = new ProcessBuilder(bin, "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.retention.time=1h", "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusServer s = new PrometheusServer(p, dir, "http://127.0.0.1:" + port);
        try {
            s.await("Prometheus ready", 30_000, () -> s.get("/-/ready").startsWith("200"));
        } catch (AssertionError e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** The server's base URL, {@code http://127.0.0.1:PORT}. */
    public String url() {
        return base;
    }

    /** "STATUS body" of a GET on a path, or "ERR message". */
    public String get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (IOException e) {
            return "ERR " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "ERR interrupted";
        }
    }

    /** The whole JSON answer of an instant query, for checking that a query is valid. */
    public JsonNode answer(String promql) throws IOException {
        String r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (r.startsWith("ERR ")) {
            throw new IOException(r.substring(4));
        }
        return JSON.readTree(r.substring(r.indexOf(' ') + 1));
    }

    /** Runs an instant PromQL query through the HTTP API and returns {@code data.result}. */
    public JsonNode query(String promql) throws IOException {
        JsonNode n = answer(promql);
        if (!"success".equals(n.path("status").asText())) {
            throw new IOException("query failed: " + n);
        }
        return n.path("data").path("result");
    }

    /** The single value of a query returning one sample, or NaN when it returns none. */
    public double value(String promql) throws IOException {
        JsonNode res = query(promql);
        return res.isEmpty() ? Double.NaN : Double.parseDouble(res.get(0).path("value").get(1).asText());
    }

    /** Waits (bounded) until a query's result satisfies a condition; a failing query counts as an empty result. */
    public JsonNode awaitQuery(String promql, long timeoutMs, Predicate<JsonNode> ok) {
        JsonNode[] last = new JsonNode[1];
        await(promql, timeoutMs, () -> {
            try {
                last[0] = query(promql);
            } catch (IOException e) {
                last[0] = JSON.createArrayNode();
            }
            return ok.test(last[0]);
        });
        return last[0];
    }

    /** Waits (bounded) until a condition holds; on timeout fails with the targets and the end of Prometheus's log. */
    public void await(String what, long timeoutMs, BooleanSupplier ok) {
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

    /** The first scrape target's health as Prometheus sees it ({@code up}, {@code down} or {@code unknown}). */
    public String targetHealth() throws IOException {
        JsonNode n = JSON.readTree(get("/api/v1/targets").replaceFirst("^\\S+ ", ""));
        JsonNode t = n.path("data").path("activeTargets");
        return t.isEmpty() ? "none" : t.get(0).path("health").asText() + " " + t.get(0).path("lastError").asText();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
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
