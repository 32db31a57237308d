package io.tcpdoctor.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.tcpdoctor.deploy.Dashboard;
import io.tcpdoctor.testing.Cli;
import io.tcpdoctor.testing.Population;
import io.tcpdoctor.testing.PrometheusServer;
import io.tcpdoctor.testing.ServeProcess;
import io.tcpdoctor.testing.TestNetns;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tcpdoctor fleet} against a real Prometheus that scrapes three real {@code tcpdoctor serve} processes
 * watching two test namespaces: node-a's holds 30 CLOSE_WAIT sockets (a close-wait-leak), node-b and node-c
 * watch the same namespace with 60 TIME_WAIT sockets (three instances, so that a finding can spread to two more).
 * The deploy/ rules are loaded into the same server, and every query of the Grafana dashboard runs against it.
 * The last test stops node-c's serve and expects it among the instances no longer reporting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetLiveTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path RULES = Path.of("deploy/prometheus/tcpdoctor-rules.yml");

    Path tmp;

    final List<AutoCloseable> open = new ArrayList<>();
    TestNetns nsA;
    TestNetns nsB;
    ServeProcess nodeC;
    PrometheusServer prometheus;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        tmp = dir;
        nsA = track(TestNetns.create("td-fleet-a"));
        nsB = track(TestNetns.create("td-fleet-b"));
        TestNetns.awaitReady(nsA.startJava(Population.class, "5", "0", "30"), 30_000);
        TestNetns.awaitReady(nsB.startJava(Population.class, "10", "60", "0"), 30_000);
        ServeProcess a = track(serve(nsA));
        ServeProcess b = track(serve(nsB));
        nodeC = track(serve(nsB));
        prometheus = track(PrometheusServer.start(List.of(
                new PrometheusServer.Target(a.hostPort(), "node-a"),
                new PrometheusServer.Target(b.hostPort(), "node-b"),
                new PrometheusServer.Target(nodeC.hostPort(), "node-c")), List.of(RULES)));
        // serve exports every state, zeros included: the two instances watching nsB are those with TIME_WAIT.
        prometheus.awaitQuery("count(max by (instance) (tcpdoctor_sockets{state=\"TIME_WAIT\"}) > 0)", 30_000,
                r -> r.size() == 1 && r.get(0).at("/value/1").asText().equals("2"));
        prometheus.awaitQuery("tcpdoctor_finding{id=\"close-wait-leak\"}", 30_000, r -> r.size() == 1);
        prometheus.awaitQuery("count(tcpdoctor_build_info)", 30_000, r -> r.size() == 1 && r.get(0).at("/value/1").asText().equals("3"));
    }

    /**
     * {@code tcpdoctor serve} in a child JVM watching one namespace on a free loopback port. Owners are looked up
     * every 5 s so that the sockets of a process started during the run are attributed within the test's waits.
     */
    static ServeProcess serve(TestNetns ns) throws IOException {
        return ServeProcess.start("-N", ns.name(), "--listen", "127.0.0.1:0", "--interval", "1s", "--owner-interval", "5s");
    }

    private <T extends AutoCloseable> T track(T c) {
        open.add(c);
        return c;
    }

    @AfterAll
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** Sockets in one state in a namespace, counted by tcpdoctor directly (not through Prometheus). */
    static long direct(TestNetns ns, String state) throws IOException {
        Cli.Result r = Cli.run("states", "-N", ns.name(), "--state", state, "-o", "json");
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out()).get("total").asLong();
    }

    Cli.Result fleet(String... extra) {
        List<String> args = new ArrayList<>(List.of("fleet", "--prometheus", prometheus.url(), "--lang", "en"));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void ranksTheInstanceWithTheLeakFirst() throws Exception {
        Cli.Result r = fleet();
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.getFirst()).startsWith("tcpdoctor fleet: 3 instances at " + prometheus.url()).endsWith("ranked by findings");
        assertThat(lines.get(2)).startsWith("INSTANCE").contains("STATUS", "ESTABLISHED", "TIME_WAIT", "CLOSE_WAIT", "PORTS", "FINDINGS");
        assertThat(lines.get(3)).startsWith("node-a").contains("warning", " 30 ", "java (30)", "close-wait-leak");
        assertThat(lines.get(4)).startsWith("node-b");
        assertThat(lines.get(5)).startsWith("node-c");
        String title = FleetTexts.forLang("en").title("close-wait-leak");
        assertThat(title).isEqualTo("CLOSE_WAIT sockets pile up: the peer closed, the application did not");
        // Prometheus has no data from 10 minutes ago yet: the change is unknown.
        assertThat(lines.get(7)).startsWith("FINDING").contains("CHANGE 10m");
        assertThat(r.out()).containsPattern("close-wait-leak +warning +1 of 3 +\\? +" + java.util.regex.Pattern.quote(title))
                .contains("close-wait-leak: node-a");
    }

    @Test
    @Order(2)
    void jsonHasTheNumbersTheKernelHas() throws Exception {
        Cli.Result r = fleet("-o", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        JsonNode inst = doc.get("instances");
        assertThat(inst).hasSize(3);
        JsonNode a = inst.get(0);
        assertThat(a.get("instance").asText()).isEqualTo("node-a");
        assertThat(a.get("status").asText()).isEqualTo("warning");
        assertThat(a.get("close_wait").asLong()).isEqualTo(30).isEqualTo(direct(nsA, "close-wait"));
        assertThat(a.at("/states/ESTABLISHED").asLong()).isEqualTo(direct(nsA, "established"));
        assertThat(a.at("/top_close_wait/process").asText()).isEqualTo("java");
        assertThat(a.at("/top_close_wait/close_wait").asLong()).isEqualTo(30);
        // 30 CLOSE_WAIT client sockets to one destination out of the namespace's usable range.
        int[] range = java.util.Arrays.stream(nsA.sysctl("net.ipv4.ip_local_port_range").split(" ")).mapToInt(Integer::parseInt).toArray();
        assertThat(a.at("/ports/in_use_ratio").asDouble() * (range[1] - range[0] + 1)).isCloseTo(30.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(a.at("/ports/destination").asText()).startsWith("127.0.0.1->127.0.0.3:");
        assertThat(a.at("/findings/0/id").asText()).isEqualTo("close-wait-leak");
        assertThat(a.at("/findings/0/title").asText()).isEqualTo(FleetTexts.forLang("en").title("close-wait-leak"));
        JsonNode b = inst.get(1);
        assertThat(b.get("instance").asText()).isEqualTo("node-b");
        // TIME_WAIT lasts 60 s: what Prometheus last scraped is at most what was made, and some are left.
        assertThat(b.get("time_wait").asLong()).isBetween(1L, 60L);
        assertThat(b.get("close_wait").asLong()).isZero();
        assertThat(b.at("/states/ESTABLISHED").asLong()).isEqualTo(direct(nsB, "established"));
        assertThat(doc.at("/findings/0/id").asText()).isEqualTo("close-wait-leak");
        assertThat(doc.at("/findings/0/instances").toString()).isEqualTo("[\"node-a\"]");
        assertThat(doc.get("missing")).isEmpty();
    }

    @Test
    @Order(3)
    void sortsByTimeWaitAndLimitsCsvRows() throws Exception {
        Cli.Result r = fleet("--sort", "time-wait", "-o", "csv", "--top", "2");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> rows = r.out().lines().toList();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).startsWith("instance,status,established,time_wait,close_wait,total,");
        assertThat(rows.get(1)).startsWith("node-b,ok,");
        assertThat(rows.get(2)).startsWith("node-c,ok,");
        Cli.Result all = fleet("-o", "csv", "--top", "0");
        assertThat(all.out().lines()).hasSize(4);
        assertThat(all.out().lines().toList().get(1)).startsWith("node-a,warning,").endsWith(",java,30,warning:close-wait-leak@" + nsA.name());
    }

    @Test
    @Order(4)
    void speaksChinese() {
        Cli.Result r = Cli.run("fleet", "--prometheus", prometheus.url(), "--lang", "zh");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("tcpdoctor fleet：3 个实例", "实例", "CLOSE_WAIT 堆积：对端已关闭，应用未关闭", "1 / 3");
    }

    @Test
    @Order(5)
    void sendsTheBearerTokenFromTheAuthFile() throws Exception {
        String token = "s3cret-" + System.nanoTime();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        HttpClient http = HttpClient.newHttpClient();
        proxy.createContext("/", ex -> {
            byte[] body;
            int status;
            if (!("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                status = 401;
                body = "Unauthorized\n".getBytes();
            } else {
                try {
                    HttpResponse<byte[]> up = http.send(HttpRequest.newBuilder(URI.create(prometheus.url() + ex.getRequestURI()))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    status = up.statusCode();
                    body = up.body();
                } catch (InterruptedException e) {
                    status = 502;
                    body = new byte[0];
                }
            }
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        proxy.setExecutor(pool);
        proxy.start();
        try {
            String url = "http://127.0.0.1:" + proxy.getAddress().getPort() + "/";
            Cli.Result refused = Cli.run("fleet", "--prometheus", url);
            assertThat(refused.code()).isEqualTo(3);
            assertThat(refused.err().strip()).isEqualTo("tcpdoctor: Prometheus at " + url.substring(0, url.length() - 1)
                    + " refused the request (HTTP 401): it needs a bearer token (--auth-file FILE)");
            Path file = tmp.resolve("token");
            Files.writeString(file, token + "\n");
            Cli.Result ok = Cli.run("fleet", "--prometheus", url, "--auth-file", file.toString(), "-o", "json");
            assertThat(ok.code()).as(ok.err()).isZero();
            assertThat(JSON.readTree(ok.out()).get("instances")).hasSize(3);
            Files.writeString(file, "wrong");
            Cli.Result wrong = Cli.run("fleet", "--prometheus", url, "--auth-file", file.toString());
            assertThat(wrong.code()).isEqualTo(3);
            assertThat(wrong.err()).contains("HTTP 401").contains("check the token in --auth-file");
        } finally {
            proxy.stop(0);
            pool.shutdownNow();
        }
    }

    @Test
    @Order(6)
    void prometheusLoadsTheDeployRules() throws Exception {
        JsonNode rules = JSON.readTree(prometheus.get("/api/v1/rules").substring(4)).at("/data/groups");
        assertThat(rules).hasSize(1);
        for (JsonNode rule : rules.get(0).get("rules")) {
            assertThat(rule.get("health").asText()).as(rule.get("name").asText()).isIn("ok", "unknown");
        }
        prometheus.awaitQuery("tcpdoctor:instances:count == 3", 15_000, r -> r.size() == 1);
        prometheus.awaitQuery("tcpdoctor:finding_instances:count{id=\"close-wait-leak\"} == 1", 15_000, r -> r.size() == 1);
        JsonNode ratio = prometheus.awaitQuery("tcpdoctor:destination_ports_in_use:ratio{instance=\"node-a\"}", 15_000, r -> r.size() >= 1);
        assertThat(ratio.get(0).at("/metric/destination").asText()).contains("->");
    }

    @Test
    @Order(7)
    void everyDashboardQueryRunsAndTheFleetPanelsHaveData() throws Exception {
        Set<String> withData = Set.of("Instances", "Warning and critical findings", "TIME_WAIT", "CLOSE_WAIT",
                "Most used destination ports", "Instances ranked", "Active findings", "Instances with each finding",
                "Sockets per state", "Sockets per instance and family", "TIME_WAIT per instance", "CLOSE_WAIT per instance",
                "CLOSE_WAIT per process", "Ports in use per destination (share of usable)", "Port headroom per destination");
        Set<String> seen = new java.util.HashSet<>();
        for (Dashboard.Query q : Dashboard.queries()) {
            JsonNode answer = prometheus.answer(q.promql());
            assertThat(answer.get("status").asText()).as("%s %s: %s -> %s", q.panel(), q.refId(), q.promql(), answer).isEqualTo("success");
            if (withData.contains(q.panel())) {
                assertThat(answer.at("/data/result")).as("%s %s: %s", q.panel(), q.refId(), q.promql()).isNotEmpty();
                seen.add(q.panel());
            }
        }
        assertThat(seen).isEqualTo(withData);
        // Spot-check values against the kernel: CLOSE_WAIT per process on node-a.
        JsonNode cw = prometheus.answer("sum by (instance, process) (tcpdoctor_sockets_by_process{instance=~\"node-a\",state=\"CLOSE_WAIT\"})");
        assertThat(cw.at("/data/result/0/metric/process").asText()).isEqualTo("java");
        assertThat(cw.at("/data/result/0/value/1").asText()).isEqualTo(Long.toString(direct(nsA, "close-wait")));
    }

    @Test
    @Order(8)
    void showsTheLeakSpreading() throws Exception {
        // The seed's cascade in small: node-b and node-c start leaking CLOSE_WAIT too (30 more, a second process).
        prometheus.awaitQuery("count(tcpdoctor_build_info offset 30s)", 40_000, r -> r.size() == 1);
        TestNetns.awaitReady(nsB.startJava(Population.class, "0", "0", "30"), 30_000);
        prometheus.awaitQuery("count(tcpdoctor_finding{id=\"close-wait-leak\"})", 30_000,
                r -> r.size() == 1 && r.get(0).at("/value/1").asText().equals("3"));
        Cli.Result r = fleet("--since", "30s");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("close-wait-leak +warning +3 of 3 +\\+2 +CLOSE_WAIT sockets pile up")
                .contains("close-wait-leak spread to 2 more instances within 30s. This is how a cascade looks");
        JsonNode doc = JSON.readTree(fleet("--since", "30s", "-o", "json").out());
        assertThat(doc.get("since_seconds").asInt()).isEqualTo(30);
        assertThat(doc.at("/findings/0/instances_before").asInt()).isEqualTo(1);
        assertThat(doc.at("/findings/0/instances")).hasSize(3);
        Cli.Result zh = Cli.run("fleet", "--prometheus", prometheus.url(), "--since", "30s", "--lang", "zh");
        assertThat(zh.out()).contains("30s 内变化", "close-wait-leak 在 30s 内扩散到另外 2 个实例");
    }

    @Test
    @Order(100)
    void listsAnInstanceThatStoppedReporting() throws Exception {
        nodeC.close();
        prometheus.awaitQuery("up{instance=\"node-c\"} == 0", 15_000, r -> r.size() == 1);
        prometheus.awaitQuery("tcpdoctor_build_info{instance=\"node-c\"}", 15_000, r -> r.isEmpty());
        Cli.Result r = fleet();
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("tcpdoctor fleet: 2 instances")
                .contains("close-wait-leak  warning      2 of 2")
                .contains("Not reporting now (exported tcpdoctor metrics within the last hour): node-c");
        JsonNode doc = JSON.readTree(fleet("-o", "json").out());
        assertThat(doc.get("missing").toString()).isEqualTo("[\"node-c\"]");
        assertThat(doc.get("instances")).hasSize(2);
    }
}
