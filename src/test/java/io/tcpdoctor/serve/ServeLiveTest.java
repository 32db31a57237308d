package io.tcpdoctor.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.testing.Population;
import io.tcpdoctor.testing.PrometheusServer;
import io.tcpdoctor.testing.ServeProcess;
import io.tcpdoctor.testing.TestNetns;
import io.tcpdoctor.testing.Wait;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code serve} against a known socket population in a namespace of its own, checked by the real consumers:
 * a Prometheus server scraping it (PromQL over its HTTP API), promtool, headless Chromium on the dashboard,
 * malformed and hostile requests, and concurrent scrapers. The expected numbers come from {@code ss} inside
 * the namespace, not from tcpdoctor.
 */
class ServeLiveTest {
    static final int EST = 5;
    static final int TW = 7;
    static final int CW = 25;
    static final int EST6 = 3;
    static final int GROUP_LIMIT = 3;

    static TestNetns ns;
    static ServeProcess serve;
    static int cwPort;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(TestNetns.available(), "needs root for network namespaces");
        ns = TestNetns.create("td-serve");
        Process child = ns.startJava(Population.class, Integer.toString(EST), Integer.toString(TW), Integer.toString(CW), Integer.toString(EST6));
        String[] ready = TestNetns.awaitReady(child, 60_000).split(" ");
        cwPort = Integer.parseInt(ready[4]);
        serve = ServeProcess.start("-N", ns.name(), "--interval", "1s", "--group-limit", Integer.toString(GROUP_LIMIT),
                "--threads", "4", "--request-timeout", "2s");
    }

    @AfterAll
    static void tearDown() {
        if (serve != null) {
            serve.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    /** Counts per state and family as {@code ss} sees them inside the namespace. */
    static Map<TcpState, Long> ss(String family) {
        Map<TcpState, Long> m = new EnumMap<>(TcpState.class);
        for (String line : ns.run("ss", "-tanH", family).split("\n")) {
            if (!line.isBlank()) {
                m.merge(TcpState.parse(line.strip().split("\\s+")[0]), 1L, Long::sum);
            }
        }
        return m;
    }

    @Test
    void prometheusScrapesTheKnownPopulation() throws Exception {
        String sel = "netns=\"" + ns.name() + "\"";
        try (PrometheusServer prom = PrometheusServer.start(serve.hostPort())) {
            boolean seen = Wait.until(() -> {
                try {
                    return prom.value("sum(tcpdoctor_sockets{" + sel + ",state=\"CLOSE_WAIT\"})") == CW;
                } catch (IOException e) {
                    return false;
                }
            }, 30_000);
            assertThat(seen).as("Prometheus target: %s; serve: %s", prom.targetHealth(), serve.stderr()).isTrue();
            // TIME_WAIT sockets expire 60 s after the population was made, so each state is compared with ss until
            // both agree (bounded), not with a constant.
            for (TcpState st : List.of(TcpState.ESTABLISHED, TcpState.TIME_WAIT, TcpState.CLOSE_WAIT, TcpState.FIN_WAIT2, TcpState.LISTEN)) {
                for (String fam : List.of("ipv4", "ipv6")) {
                    String q = "tcpdoctor_sockets{" + sel + ",state=\"" + st + "\",family=\"" + fam + "\"}";
                    agree(prom, q, () -> ss(fam.equals("ipv4") ? "-4" : "-6").getOrDefault(st, 0L).doubleValue());
                }
            }
            agree(prom, "tcpdoctor_time_wait_age_seconds_count{" + sel + "}", () -> ss("-4").getOrDefault(TcpState.TIME_WAIT, 0L)
                    + ss("-6").getOrDefault(TcpState.TIME_WAIT, 0L).doubleValue());
            Map<TcpState, Long> v4 = ss("-4");
            Map<TcpState, Long> v6 = ss("-6");
            // Java's sockets are dual-stack (AF_INET6) unless bound to IPv4 only: ss and tcpdoctor agree on that.
            assertThat(v4.getOrDefault(TcpState.CLOSE_WAIT, 0L) + v6.getOrDefault(TcpState.CLOSE_WAIT, 0L)).isEqualTo(CW);
            // The CLOSE_WAIT clients all talk to one listener, whose accepted sockets wait in FIN_WAIT2.
            assertThat(prom.value("tcpdoctor_sockets_by_peer{" + sel + ",peer=\"127.0.0.3:" + cwPort + "\",state=\"CLOSE_WAIT\"}"))
                    .isEqualTo(CW);
            assertThat(prom.value("tcpdoctor_sockets_by_local_port{" + sel + ",local_port=\"" + cwPort + "\",state=\"FIN_WAIT2\"}"))
                    .isEqualTo(CW);
            // The busiest destination is that listener: one ephemeral port per CLOSE_WAIT client.
            assertThat(prom.value("max(tcpdoctor_destination_ports_in_use{" + sel + "})")).isEqualTo(CW);
            assertThat(prom.value("sum(tcpdoctor_sockets_by_process{" + sel + ",process=\"java\",state=\"CLOSE_WAIT\"})")).isEqualTo(CW);
            assertThat(prom.value("tcpdoctor_finding{" + sel + ",id=\"close-wait-leak\",severity=~\"warning|critical\"}")).isEqualTo(1);
            // Cardinality is bounded: at most GROUP_LIMIT peers plus 'other', and 'other' holds the rest.
            assertThat(prom.value("count(count by (peer) (tcpdoctor_sockets_by_peer{" + sel + "}))")).isEqualTo(GROUP_LIMIT + 1);
            double total = prom.value("sum(tcpdoctor_sockets{" + sel + "})");
            assertThat(prom.value("sum(tcpdoctor_sockets_by_peer{" + sel + "})")).isEqualTo(total);
            assertThat(prom.value("sum(tcpdoctor_sockets_by_local_port{" + sel + "})")).isEqualTo(total);
            // Kernel counters of the namespace: every connection the population made was accepted there.
            assertThat(prom.value("tcpdoctor_tcp_passive_opens_total{" + sel + "}")).isGreaterThanOrEqualTo(EST + TW + CW + EST6);
            assertThat(prom.value("tcpdoctor_ephemeral_ports_usable{" + sel + "}")).isEqualTo(usablePorts());
            assertThat(prom.value("up{job=\"tcpdoctor\"}")).isEqualTo(1);
        }
    }

    /** Polls every 250 ms (each poll runs ss) until the condition holds or the time is up. */
    static void slowly(java.util.function.BooleanSupplier condition, long timeoutMs) {
        long end = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits (bounded) until a query's value equals what {@code expected} says now, then asserts it. */
    static void agree(PrometheusServer prom, String promql, java.util.function.DoubleSupplier expected) throws IOException {
        slowly(() -> {
            try {
                return prom.value(promql) == expected.getAsDouble();
            } catch (IOException e) {
                return false;
            }
        }, 10_000);
        assertThat(prom.value(promql)).as(promql).isEqualTo(expected.getAsDouble());
    }

    /** ip_local_port_range inside the namespace, read with sysctl (no reserved ports in a fresh namespace). */
    static double usablePorts() {
        String[] r = ns.sysctl("net.ipv4.ip_local_port_range").split(" ");
        return Integer.parseInt(r[1]) - Integer.parseInt(r[0]) + 1;
    }

    @Test
    void promtoolAcceptsBothFormats() throws Exception {
        HttpResponse<String> text = serve.get("/metrics");
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        Path file = Files.createTempFile("td-metrics", ".txt");
        try {
            Files.writeString(file, text.body());
            Process p = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
        } finally {
            Files.delete(file);
        }
        HttpResponse<String> om = serve.get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(om.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text");
        assertThat(om.body()).endsWith("# EOF\n").contains("tcpdoctor_tcp_passive_opens_total{netns=\"" + ns.name() + "\"}");
    }

    @Test
    void dashboardShowsTheNumbersAndDrawsTheChart() throws Exception {
        assertThat(new File("/usr/bin/chromedriver")).as("Debian chromium-driver (./run-tests installs it)").exists();
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1000");
        ChromeDriverService svc = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        WebDriver d = new ChromeDriver(svc, o);
        try {
            d.get(serve.base() + "/");
            // Wait for two refreshes so that the chart has at least two points.
            new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> "1".equals(x.findElement(By.tagName("body")).getDomAttribute("data-ready")));
            // The page redraws every second: read each text in one script call rather than through element handles.
            assertThat(text(d, "#states tr[data-state=CLOSE_WAIT] td.n")).isEqualTo(Integer.toString(CW));
            // TIME_WAIT expires 60 s after the population was made: compare with ss until both agree (bounded).
            slowly(() -> Long.toString(timeWait()).equals(text(d, "#states tr[data-state=TIME_WAIT] td.n")), 10_000);
            assertThat(text(d, "#states tr[data-state=TIME_WAIT] td.n")).isEqualTo(Long.toString(timeWait()));
            slowly(() -> ("total " + total()).equals(text(d, "#total")), 10_000);
            assertThat(text(d, "#total")).isEqualTo("total " + total());
            // Findings with their explanations, as the engine wrote them.
            String expl = text(d, "#findings .finding[data-id=close-wait-leak] .explanation");
            JsonNode f = new ObjectMapper().readTree(serve.get("/api/findings").body()).path("findings");
            String apiExpl = null;
            for (JsonNode x : f) {
                if (x.path("id").asText().equals("close-wait-leak")) {
                    apiExpl = x.path("explanation").asText();
                }
            }
            assertThat(apiExpl).isNotBlank();
            assertThat(expl.replaceAll("\\s+", " ").strip()).isEqualTo(apiExpl.replaceAll("\\s+", " ").strip());
            // Top groups: the CLOSE_WAIT listener's port is listed with its 25 + 1 (LISTEN) + accepted sockets.
            assertThat(count(d, "#groups tbody tr")).isEqualTo(GROUP_LIMIT + 1);
            // The uPlot chart drew: its canvas has coloured pixels and a legend entry per state shown.
            new WebDriverWait(d, Duration.ofSeconds(15)).until(x -> painted(x) > 500);
            assertThat(count(d, "#chart .u-legend .u-series")).isGreaterThan(2);
        } finally {
            d.quit();
        }
    }

    private static long timeWait() {
        return ss("-4").getOrDefault(TcpState.TIME_WAIT, 0L) + ss("-6").getOrDefault(TcpState.TIME_WAIT, 0L);
    }

    /** Total sockets per serve's own JSON API (checked against ss state by state in the Prometheus test). */
    private static long total() {
        try {
            return new ObjectMapper().readTree(serve.get("/api/states").body()).path("total").asLong();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String text(WebDriver d, String selector) {
        Object t = ((JavascriptExecutor) d).executeScript("var e = document.querySelector(arguments[0]); return e ? e.textContent : null;", selector);
        return (String) t;
    }

    private static long count(WebDriver d, String selector) {
        return ((Number) ((JavascriptExecutor) d).executeScript("return document.querySelectorAll(arguments[0]).length;", selector)).longValue();
    }

    private static long painted(WebDriver d) {
        Object n = ((JavascriptExecutor) d).executeScript("""
                var c = document.querySelector('#chart canvas');
                if (!c) { return 0; }
                var px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;
                for (var i = 3; i < px.length; i += 4) { if (px[i] > 0) { n++; } }
                return n;""");
        return ((Number) n).longValue();
    }

    @Test
    void badRequestsGetTheirStatusAndNothingElseBreaks() throws Exception {
        assertThat(serve.get("/nope").statusCode()).isEqualTo(404);
        assertThat(serve.get("/api/states?netns=unknown").statusCode()).isEqualTo(404);
        assertThat(serve.get("/api/groups?by=color").statusCode()).isEqualTo(400);
        assertThat(raw("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 405");
        assertThat(raw("DELETE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 405");
        assertThat(raw("HEAD /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
        String big = "x".repeat(20_000);
        assertThat(raw("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 431");
        // Far beyond the limit the JDK server drops the connection without reading on.
        String huge = raw("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Huge: " + "y".repeat(200_000) + "\r\nConnection: close\r\n\r\n");
        assertThat(huge).satisfiesAnyOf(s -> assertThat(s).isEmpty(), s -> assertThat(s).startsWith("HTTP/1.1 4"));
        assertThat(serve.get("/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void slowClientsAreCutOffWhileScrapesGoOn() throws Exception {
        // More slow clients than request threads: each sends a header byte every 300 ms and never finishes.
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), serve.port());
            s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            slow.add(s);
        }
        long t0 = System.nanoTime();
        int closed = 0;
        int ok = 0;
        try {
            for (int round = 0; round < 30 && closed < slow.size(); round++) {
                closed = 0;
                for (Socket s : slow) {
                    try {
                        s.getOutputStream().write('X');
                        s.getOutputStream().flush();
                        s.setSoTimeout(1);
                        if (s.getInputStream().read() == -1) {
                            closed++;
                        }
                    } catch (SocketTimeoutException e) {
                        // still open
                    } catch (SocketException e) {
                        closed++;
                    }
                }
                if (serve.get("/metrics").statusCode() == 200) {
                    ok++;
                }
                Thread.sleep(300);
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(closed).as("slow connections closed by the server").isEqualTo(slow.size());
        assertThat(seconds).as("closed after the 2 s request timeout").isLessThan(15);
        assertThat(ok).as("scrapes during the attack").isGreaterThan(0);
        assertThat(serve.get("/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void fiftyConcurrentScrapesAllWaitForTheirTurn() throws Exception {
        // Four unfinished requests hold the four request threads for a second; fifty scrapes arriving meanwhile
        // must wait in the queue (the connection limit is 64), none may be dropped. Raw
        // sockets: the JDK's HttpClient would quietly retry a GET on a dropped connection and hide a drop.
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), serve.port());
                s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            List<java.util.concurrent.Future<Integer>> scrapes = new ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 50; i++) {
                    scrapes.add(pool.submit(ServeLiveTest::rawScrapeStatus));
                }
                // The slow clients give up after a second (well within the timeout): the threads are free again.
                Thread.sleep(1000);
                for (Socket s : slow) {
                    s.close();
                }
                List<Integer> codes = new ArrayList<>();
                for (var f : scrapes) {
                    try {
                        codes.add(f.get(60, TimeUnit.SECONDS));
                    } catch (java.util.concurrent.ExecutionException e) {
                        codes.add(-1);
                    }
                }
                assertThat(codes).as("status of each of 50 concurrent scrapes (-1: connection dropped)")
                        .hasSize(50).containsOnly(200);
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void fiftyScrapersForThreeSecondsWithoutErrors() throws Exception {
        // Fifty keep-alive clients: more idle connections between their requests than half the connection limit.
        Path tool = Path.of("bench", "ScrapeLoad.java");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                tool.toString(), serve.base() + "/metrics", "50", "3").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("errors 0");
        assertThat(p.exitValue()).as(out).isZero();
        long requests = Long.parseLong(out.replaceAll("(?s).*requests (\\d+).*", "$1"));
        assertThat(requests).isGreaterThan(30);
    }

    /** One scrape of /metrics on a new connection: the response's status, or -1 when the server closed it unanswered. */
    static int rawScrapeStatus() throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), serve.port())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return status.startsWith("HTTP/1.1 ") ? Integer.parseInt(status.substring(9, 12)) : -1;
        } catch (SocketException e) {
            return -1;
        }
    }

    /** Sends raw bytes and returns what comes back (until close or 10 s). */
    static String raw(String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), serve.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (SocketException e) {
                // The server may close while a huge request is still being sent.
            }
            InputStream in = s.getInputStream();
            try {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (SocketException e) {
                return "";
            }
        }
    }
}
