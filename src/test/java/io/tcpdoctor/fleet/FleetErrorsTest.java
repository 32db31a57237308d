package io.tcpdoctor.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tcpdoctor.testing.Cli;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way {@code fleet} can fail ends in one line on stderr and the documented exit code (loopback only). */
class FleetErrorsTest {
    static HttpServer server;
    static ExecutorService pool;
    static String base;

    @BeforeAll
    static void start() throws IOException {
        pool = Executors.newFixedThreadPool(2);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        answer("/html/", 200, "text/html", "<html><body>Grafana</body></html>");
        answer("/json/", 200, "application/json", "{\"hello\": \"world\"}");
        answer("/error/", 400, "application/json",
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\"\"}");
        answer("/matrix/", 200, "application/json", "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}");
        answer("/forbidden/", 403, "text/plain", "forbidden");
        answer("/truncated/", 200, "application/json", "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
        answer("/empty/", 200, "application/json", "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
        server.setExecutor(pool);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static void answer(String path, int status, String type, String body) {
        server.createContext(path, ex -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(status, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        pool.shutdownNow();
    }

    static void fails(int code, String message, String... args) {
        Cli.Result r = Cli.run(args);
        assertThat(r.code()).as(r.err()).isEqualTo(code);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).hasSize(code == 2 && r.err().contains("Try '") ? 2 : 1);
        assertThat(r.err()).startsWith("tcpdoctor: ").contains(message).doesNotContain("Exception", "\tat ");
    }

    @Test
    void badUrlsAreUsageErrors() {
        fails(2, "bad --prometheus URL 'ftp://prom:9090'", "fleet", "--prometheus", "ftp://prom:9090");
        fails(2, "bad --prometheus URL 'prom:9090'", "fleet", "--prometheus", "prom:9090");
        fails(2, "bad --prometheus URL 'http://[::1'", "fleet", "--prometheus", "http://[::1");
        fails(2, "no query, fragment or user name", "fleet", "--prometheus", "http://user@127.0.0.1:9090");
        fails(2, "Missing required option: '--prometheus=URL'", "fleet");
    }

    @Test
    void badOptionsAreUsageErrors() {
        fails(2, "unknown --sort 'cpu'", "fleet", "--prometheus", base, "--sort", "cpu");
        fails(2, "--top must be 0 (all) or more", "fleet", "--prometheus", base, "--top", "-1");
        fails(2, "--timeout: bad duration 'soon'", "fleet", "--prometheus", base, "--timeout", "soon");
        fails(2, "unknown language 'fr'", "fleet", "--prometheus", base, "--lang", "fr");
        fails(2, "unknown format 'xml'", "fleet", "--prometheus", base, "-o", "xml");
        fails(2, "--since must be between 1s and 7d, got '0m'", "fleet", "--prometheus", base, "--since", "0m");
        fails(2, "--since: bad duration '10 minutes'", "fleet", "--prometheus", base, "--since", "10 minutes");
        fails(2, "--since must be between 1s and 7d, got '30d'", "fleet", "--prometheus", base, "--since", "30d");
    }

    @Test
    void unreachableIsExit3() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        fails(3, "cannot reach Prometheus at http://127.0.0.1:" + closed + ": ", "fleet", "--prometheus", "http://127.0.0.1:" + closed);
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws IOException {
        // Accepts connections (the kernel completes the handshake into the backlog) but never reads or answers.
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            fails(3, "no answer within 500 ms (--timeout)", "fleet", "--prometheus",
                    "http://127.0.0.1:" + silent.getLocalPort(), "--timeout", "500ms");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
        }
    }

    @Test
    void answersThatAreNotPrometheusAreExit4() {
        fails(4, base + "/html does not answer like a Prometheus server (HTTP 200, text/html", "fleet", "--prometheus", base + "/html/");
        fails(4, "does not answer like a Prometheus server (HTTP 200, application/json", "fleet", "--prometheus", base + "/json");
        fails(4, "does not answer like a Prometheus server (HTTP 404", "fleet", "--prometheus", base + "/nothing-here");
        fails(4, "answered with an error (HTTP 400): bad_data: invalid parameter \"query\"", "fleet", "--prometheus", base + "/error");
        fails(4, "answered without a vector result", "fleet", "--prometheus", base + "/matrix");
        fails(4, "does not answer like a Prometheus server", "fleet", "--prometheus", base + "/truncated");
    }

    @Test
    void refusedIsExit3() {
        fails(3, "refused the request (HTTP 403): it needs a bearer token (--auth-file FILE)", "fleet", "--prometheus", base + "/forbidden");
    }

    @Test
    void authFileProblems(@TempDir Path tmp) throws IOException {
        fails(3, "cannot read --auth-file " + tmp.resolve("none") + ": no such file", "fleet", "--prometheus", base + "/empty",
                "--auth-file", tmp.resolve("none").toString());
        Path blank = Files.writeString(tmp.resolve("blank"), "\n");
        fails(4, "the auth file must hold one bearer token", "fleet", "--prometheus", base + "/empty", "--auth-file", blank.toString());
        Path two = Files.writeString(tmp.resolve("two"), "a b\n");
        fails(4, "the auth file must hold one bearer token", "fleet", "--prometheus", base + "/empty", "--auth-file", two.toString());
    }

    @Test
    void aPrometheusWithoutTcpdoctorMetricsIsNotAnError() {
        Cli.Result r = Cli.run("fleet", "--prometheus", base + "/empty/", "--lang", "en");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("tcpdoctor fleet: 0 instances at " + base + "/empty,")
                .contains("No instance exports tcpdoctor metrics to this Prometheus");
        Cli.Result json = Cli.run("fleet", "--prometheus", base + "/empty/", "-o", "json");
        assertThat(json.code()).isZero();
        assertThat(json.out()).contains("\"instances\" : [ ]");
        assertThat(json.err()).contains("tcpdoctor: note: ");
    }
}
