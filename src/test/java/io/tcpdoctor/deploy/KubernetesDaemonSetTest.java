package io.tcpdoctor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kubernetes/daemonset.yaml parses and holds what a node exporter needs (host network and PID, the two
 * capabilities, limits, probes on /metrics that can authenticate, scrape annotations, a Service);
 * deploy/prometheus/scrape-tcpdoctor*.yml agree with it and pass promtool where promtool can check them.
 */
class KubernetesDaemonSetTest {
    static final Path FILE = Path.of("deploy/kubernetes/daemonset.yaml");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Map<String, JsonNode> BY_KIND = new LinkedHashMap<>();

    @BeforeAll
    static void read() throws Exception {
        try (YAMLParser p = new YAMLFactory().createParser(FILE.toFile())) {
            var docs = YAML.readValues(p, JsonNode.class);
            while (docs.hasNext()) {
                JsonNode d = docs.next();
                assertThat(BY_KIND.put(d.get("kind").asText(), d)).as("one %s", d.get("kind")).isNull();
            }
        }
    }

    static JsonNode pod() {
        return BY_KIND.get("DaemonSet").at("/spec/template/spec");
    }

    static JsonNode container() {
        JsonNode cs = pod().get("containers");
        assertThat(cs).hasSize(1);
        return cs.get(0);
    }

    @Test
    void hasTheObjectsOfOneNamespace() {
        assertThat(BY_KIND).containsOnlyKeys("Namespace", "ServiceAccount", "DaemonSet", "Service");
        for (String kind : List.of("ServiceAccount", "DaemonSet", "Service")) {
            assertThat(BY_KIND.get(kind).at("/metadata/namespace").asText()).isEqualTo("tcpdoctor");
        }
        assertThat(BY_KIND.get("DaemonSet").get("apiVersion").asText()).isEqualTo("apps/v1");
        JsonNode selector = BY_KIND.get("DaemonSet").at("/spec/selector/matchLabels");
        selector.fields().forEachRemaining(e -> assertThat(BY_KIND.get("DaemonSet").at("/spec/template/metadata/labels")
                .get(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
        JsonNode svc = BY_KIND.get("Service").get("spec");
        assertThat(svc.get("clusterIP").asText()).isEqualTo("None");
        assertThat(svc.get("selector")).isEqualTo(selector);
        assertThat(svc.at("/ports/0/port").asInt()).isEqualTo(10976);
    }

    @Test
    void seesTheNodeWithTwoCapabilitiesAndLimits() {
        assertThat(pod().get("hostNetwork").asBoolean()).isTrue();
        assertThat(pod().get("hostPID").asBoolean()).isTrue();
        assertThat(pod().get("dnsPolicy").asText()).isEqualTo("ClusterFirstWithHostNet");
        assertThat(pod().get("automountServiceAccountToken").asBoolean()).isFalse();
        JsonNode sc = container().get("securityContext");
        assertThat(sc.at("/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(sc.at("/capabilities/add").toString()).isEqualTo("[\"SYS_PTRACE\",\"DAC_READ_SEARCH\"]");
        assertThat(sc.get("allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(sc.get("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(sc.get("privileged").asBoolean()).isFalse();
        JsonNode res = container().get("resources");
        for (String k : List.of("/requests/cpu", "/requests/memory", "/limits/cpu", "/limits/memory")) {
            assertThat(res.at(k).asText()).as(k).isNotBlank();
        }
        assertThat(mebibytes(res.at("/limits/memory").asText())).isGreaterThan(mebibytes(res.at("/requests/memory").asText()));
        // The heap leaves room under the limit for metaspace, code and native memory.
        String heap = container().at("/env/0/value").asText();
        assertThat(heap).matches("-Xmx\\d+m");
        assertThat(Integer.parseInt(heap.replaceAll("\\D", ""))).isLessThanOrEqualTo(mebibytes(res.at("/limits/memory").asText()) / 2);
    }

    static int mebibytes(String q) {
        Matcher m = Pattern.compile("(\\d+)(Mi|Gi)").matcher(q);
        assertThat(m.matches()).as(q).isTrue();
        return Integer.parseInt(m.group(1)) * (m.group(2).equals("Gi") ? 1024 : 1);
    }

    @Test
    void servesAuthenticatedMetricsThatProbesAndPrometheusCanRead() throws Exception {
        List<String> args = new ArrayList<>();
        container().get("args").forEach(a -> args.add(a.asText()));
        assertThat(args.getFirst()).isEqualTo("serve");
        String listen = args.get(args.indexOf("--listen") + 1);
        String authFile = args.get(args.indexOf("--auth-file") + 1);
        assertThat(listen).isEqualTo("0.0.0.0:10976");
        JsonNode mount = container().at("/volumeMounts/0");
        assertThat(authFile).startsWith(mount.get("mountPath").asText() + "/");
        assertThat(pod().at("/volumes/0/secret/secretName").asText()).isEqualTo("tcpdoctor-auth");
        JsonNode port = container().at("/ports/0");
        assertThat(port.get("containerPort").asInt()).isEqualTo(10976).isEqualTo(port.get("hostPort").asInt());
        String text = Files.readString(FILE);
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            JsonNode http = container().at("/" + probe + "/httpGet");
            assertThat(http.get("path").asText()).isEqualTo("/metrics");
            assertThat(http.get("port").asText()).isEqualTo(port.get("name").asText());
            String header = http.at("/httpHeaders/0/value").asText();
            assertThat(header).startsWith("Bearer ");
            String token = header.substring(7);
            // serve accepts tokens of 16+ characters; the documented Secret holds this one.
            assertThat(token).hasSizeGreaterThanOrEqualTo(16);
            assertThat(text).contains("bearer %s\\nbearer %s\\n' \"$PROMETHEUS_TOKEN\" " + token + ")");
        }
        JsonNode ann = BY_KIND.get("DaemonSet").at("/spec/template/metadata/annotations");
        assertThat(ann.get("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(ann.get("prometheus.io/port").asText()).isEqualTo("10976");
        assertThat(ann.get("prometheus.io/path").asText()).isEqualTo("/metrics");
    }

    @Test
    void scrapeConfigsMatchAndPassPromtool(@TempDir Path tmp) throws Exception {
        // The Kubernetes job keeps the DaemonSet's pods by the label and annotation they carry.
        JsonNode k8s = YAML.readTree(Path.of("deploy/prometheus/scrape-tcpdoctor-kubernetes.yml").toFile()).at("/scrape_configs/0");
        assertThat(k8s.at("/kubernetes_sd_configs/0/namespaces/names/0").asText()).isEqualTo("tcpdoctor");
        assertThat(k8s.at("/authorization/type").asText()).isEqualTo("Bearer");
        String relabel = k8s.get("relabel_configs").toString();
        assertThat(relabel).contains("__meta_kubernetes_pod_annotation_prometheus_io_scrape",
                "__meta_kubernetes_pod_label_app_kubernetes_io_name", "__meta_kubernetes_pod_annotation_prometheus_io_port");
        // The static job, with the rules beside it, through promtool (the token file must exist for it).
        String promtool = External.require("promtool", "prometheus");
        Path token = Files.writeString(tmp.resolve("tcpdoctor-token"), "0123456789abcdef0123\n");
        String cfg = Files.readString(Path.of("deploy/prometheus/scrape-tcpdoctor.yml"));
        assertThat(cfg).contains("/etc/prometheus/tcpdoctor-token");
        Files.writeString(tmp.resolve("scrape-tcpdoctor.yml"), cfg.replace("/etc/prometheus/tcpdoctor-token", token.toString()));
        Files.copy(Path.of("deploy/prometheus/tcpdoctor-rules.yml"), tmp.resolve("tcpdoctor-rules.yml"));
        External.Result r = External.run(tmp, 60, List.of(promtool, "check", "config", "scrape-tcpdoctor.yml"));
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS: 1 rule files found");
    }
}
