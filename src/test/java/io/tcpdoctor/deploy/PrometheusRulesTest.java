package io.tcpdoctor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tcpdoctor.testing.FactsGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/prometheus: the rules load in promtool, their unit tests pass, and every alert is tested both ways. */
class PrometheusRulesTest {
    static final Path DIR = Path.of("deploy/prometheus");
    static final Path RULES = DIR.resolve("tcpdoctor-rules.yml");
    static final Path TESTS = DIR.resolve("tcpdoctor-rules.test.yml");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static String promtool;

    @BeforeAll
    static void tool() {
        promtool = External.require("promtool", "prometheus");
    }

    @Test
    void rulesLoad() throws Exception {
        External.Result r = External.run(DIR, 60, List.of(promtool, "check", "rules", RULES.getFileName().toString()));
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }

    @Test
    void unitTestsPass() throws Exception {
        External.Result r = External.run(DIR, 120, List.of(promtool, "test", "rules", TESTS.getFileName().toString()));
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }

    @Test
    void unitTestsCatchAChangedThreshold(@TempDir Path tmp) throws Exception {
        // The same tests against rules whose warning threshold moved from 80 % to 90 %: they must fail.
        String rules = Files.readString(RULES);
        assertThat(rules).contains("tcpdoctor:destination_ports_in_use:ratio > 0.8\n");
        Files.writeString(tmp.resolve(RULES.getFileName()), rules.replace("ratio > 0.8\n", "ratio > 0.9\n"));
        Files.copy(TESTS, tmp.resolve(TESTS.getFileName()));
        External.Result r = External.run(tmp, 120, List.of(promtool, "test", "rules", TESTS.getFileName().toString()));
        assertThat(r.code()).isNotZero();
        assertThat(r.output()).contains("FAILED").contains("TcpdoctorEphemeralPortsLow");
    }

    @Test
    void everyAlertIsTestedFiringAndNotFiring() throws Exception {
        List<String> alerts = alerts().stream().map(a -> a.get("alert").asText()).toList();
        assertThat(alerts).contains("TcpdoctorEphemeralPortsLow", "TcpdoctorEphemeralPortsExhausted",
                "TcpdoctorEphemeralPortsRunningOut", "TcpdoctorCloseWaitGrowing", "TcpdoctorListenOverflows",
                "TcpdoctorTimeWaitBucketOverflow", "TcpdoctorSynQueueDrops", "TcpdoctorFindingSpreading");
        Set<String> fires = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        for (JsonNode test : YAML.readTree(TESTS.toFile()).get("tests")) {
            for (JsonNode t : test.path("alert_rule_test")) {
                String name = t.get("alertname").asText();
                (t.path("exp_alerts").isEmpty() ? quiet : fires).add(name);
            }
        }
        assertThat(fires).as("alerts with a test where they fire").containsAll(alerts);
        assertThat(quiet).as("alerts with a test where they do not fire").containsAll(alerts);
    }

    @Test
    void everyAlertSaysWhatItMeansAndWhatToDo() throws Exception {
        for (JsonNode a : alerts()) {
            String name = a.get("alert").asText();
            assertThat(a.at("/labels/severity").asText()).as(name).isIn("info", "warning", "critical");
            String summary = a.at("/annotations/summary").asText();
            String description = a.at("/annotations/description").asText();
            assertThat(summary).as(name).isNotBlank();
            assertThat(description.length()).as(name + " description").isGreaterThan(150);
            FactsGuard.check(description);
            if (description.contains("tcp_tw_recycle")) {
                assertThat(description).as(name).containsIgnoringCase("never tcp_tw_recycle");
            }
        }
    }

    @Test
    void rulesUseOnlyContractMetricNames() throws Exception {
        Set<String> used = MetricContract.namesIn(Files.readString(RULES));
        assertThat(used).isNotEmpty();
        assertThat(MetricContract.NAMES).containsAll(used);
    }

    static List<JsonNode> alerts() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode g : YAML.readTree(RULES.toFile()).get("groups")) {
            for (JsonNode r : g.get("rules")) {
                if (r.has("alert")) {
                    out.add(r);
                }
            }
        }
        return out;
    }
}
