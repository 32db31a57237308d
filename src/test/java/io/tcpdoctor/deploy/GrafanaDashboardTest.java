package io.tcpdoctor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/grafana: valid dashboard JSON with an instance variable, the fleet views, every PromQL expression
 * accepted by promtool (as recording rules) and filtered by the instance variable, only contract metric names.
 * {@code FleetLiveTest} also runs every expression against a real Prometheus.
 */
class GrafanaDashboardTest {
    @Test
    void isADashboardWithAnInstanceVariable() throws Exception {
        JsonNode d = Dashboard.read();
        assertThat(d.get("schemaVersion").asInt()).isBetween(36, 41);
        assertThat(d.get("uid").asText()).isEqualTo("tcpdoctor-fleet");
        assertThat(d.get("title").asText()).isNotBlank();
        JsonNode vars = d.at("/templating/list");
        JsonNode instance = null;
        for (JsonNode v : vars) {
            if (v.get("name").asText().equals("instance")) {
                instance = v;
            }
        }
        assertThat(instance).as("an 'instance' variable").isNotNull();
        assertThat(instance.get("type").asText()).isEqualTo("query");
        assertThat(instance.get("multi").asBoolean()).isTrue();
        assertThat(instance.get("includeAll").asBoolean()).isTrue();
        assertThat(instance.get("allValue").asText()).isEqualTo(".*");
        assertThat(instance.at("/query/query").asText()).isEqualTo("label_values(tcpdoctor_build_info, instance)");
        assertThat(vars.get(0).get("type").asText()).isEqualTo("datasource");
    }

    @Test
    void panelsFitTheGridAndUseTheDataSourceVariable() throws Exception {
        Set<Integer> ids = new HashSet<>();
        List<String> titles = new ArrayList<>();
        for (JsonNode p : Dashboard.read().get("panels")) {
            assertThat(ids.add(p.get("id").asInt())).as("unique panel id %s", p.get("id")).isTrue();
            JsonNode g = p.get("gridPos");
            assertThat(g.get("x").asInt() + g.get("w").asInt()).as(p.get("title").asText()).isLessThanOrEqualTo(24);
            assertThat(g.get("h").asInt()).isPositive();
            titles.add(p.get("title").asText());
            if (!p.get("type").asText().equals("row")) {
                assertThat(p.at("/datasource/uid").asText()).isEqualTo("${datasource}");
                assertThat(p.get("description").asText()).as(p.get("title").asText()).isNotBlank();
                io.tcpdoctor.testing.FactsGuard.check(p.get("description").asText());
                Set<String> refs = new HashSet<>();
                for (JsonNode t : p.get("targets")) {
                    assertThat(refs.add(t.get("refId").asText())).isTrue();
                }
            }
        }
        assertThat(titles).contains("Sockets per state", "TIME_WAIT per instance", "CLOSE_WAIT per instance", "CLOSE_WAIT per process",
                "Port headroom per destination", "Ports in use per destination (share of usable)", "Active findings",
                "Instances ranked", "Instances with each finding", "Drops and overflows (per second)",
                "Connections opened and closed (per second)");
    }

    private static final Pattern SELECTOR = Pattern.compile("(tcpdoctor_[a-z0-9_]+)(\\{[^}]*\\})?");

    @Test
    void everyExpressionUsesContractNamesAndTheInstanceVariable() throws Exception {
        List<Dashboard.Query> queries = Dashboard.queries();
        assertThat(queries).hasSizeGreaterThan(20);
        Set<String> used = new HashSet<>();
        for (Dashboard.Query q : queries) {
            used.addAll(MetricContract.namesIn(q.expr()));
            Matcher m = SELECTOR.matcher(q.expr());
            while (m.find()) {
                assertThat(m.group(2)).as("%s %s: %s filtered by $instance", q.panel(), q.refId(), m.group(1))
                        .isNotNull().contains("instance=~\"$instance\"");
            }
        }
        assertThat(MetricContract.NAMES).containsAll(used);
        // Everything the exporter writes is shown somewhere, except the series only used through their histogram.
        Set<String> unshown = new HashSet<>(MetricContract.NAMES);
        unshown.removeAll(used);
        assertThat(unshown).containsOnly("tcpdoctor_sockets_by_local_port", "tcpdoctor_sockets_by_peer", "tcpdoctor_findings_active",
                "tcpdoctor_time_wait_age_seconds_sum", "tcpdoctor_time_wait_age_seconds_count");
    }

    @Test
    void everyExpressionParses(@TempDir Path tmp) throws Exception {
        String promtool = External.require("promtool", "prometheus");
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int n = 0;
        for (Dashboard.Query q : Dashboard.queries()) {
            rules.append("      - record: dashboard:expr_").append(n++).append("\n        expr: '")
                    .append(q.promql().replace("'", "''")).append("'\n");
        }
        Files.writeString(tmp.resolve("dashboard-rules.yml"), rules);
        External.Result r = External.run(tmp, 60, List.of(promtool, "check", "rules", "dashboard-rules.yml"));
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS: " + n + " rules found");
        // The check can fail: a broken expression is refused.
        Files.writeString(tmp.resolve("broken.yml"), "groups:\n  - name: x\n    rules:\n      - record: x:y\n        expr: 'sum by (instance (tcpdoctor_sockets)'\n");
        assertThat(External.run(tmp, 60, List.of(promtool, "check", "rules", "broken.yml")).code()).isNotZero();
    }
}
