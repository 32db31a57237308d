package io.tcpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpdoctor.testing.Cli;
import io.tcpdoctor.testing.Population;
import io.tcpdoctor.testing.TestNetns;
import org.junit.jupiter.api.Test;

/**
 * TIME_WAIT sockets have no owner: the kernel reports uid 0 for them, which must not be shown as root. A child
 * process in a namespace holds ESTABLISHED and CLOSE_WAIT sockets (uid 0: root, really) and leaves TIME_WAIT ones.
 */
class OwnerlessUserTest {
    @Test
    void timeWaitIsUnknownUserNotRoot() throws Exception {
        try (TestNetns ns = TestNetns.create("td-owner")) {
            Process p = ns.startJava(Population.class, "3", "6", "0");
            TestNetns.awaitReady(p, 30_000);
            // The kernel's own view: ss -e shows inode 0 and no uid for TIME_WAIT sockets (no file, no owner).
            assertThat(ns.run("ss", "-Htane", "state", "time-wait")).contains("ino:0").doesNotContain("uid:");

            Cli.Result list = Cli.run("list", "-N", ns.name(), "--state", "time-wait", "-o", "json");
            assertThat(list.code()).as(list.err()).isZero();
            JsonNode rows = new ObjectMapper().readTree(list.out());
            assertThat(rows.size()).isGreaterThanOrEqualTo(6);
            for (JsonNode r : rows) {
                assertThat(r.get("uid").isNull()).as(r.toString()).isTrue();
                assertThat(r.get("user").isNull()).as(r.toString()).isTrue();
            }
            JsonNode est = new ObjectMapper().readTree(Cli.run("list", "-N", ns.name(), "--state", "established", "-o", "json").out());
            assertThat(est.get(0).get("uid").asInt()).isZero();
            assertThat(est.get(0).get("user").asText()).isEqualTo("root");

            JsonNode by = new ObjectMapper().readTree(Cli.run("states", "-N", ns.name(), "--by", "user", "-o", "json").out());
            JsonNode root = null;
            JsonNode unknown = null;
            for (JsonNode g : by.get("groups")) {
                if (g.get("group").asText().equals("root")) {
                    root = g;
                } else if (g.get("group").asText().equals("-")) {
                    unknown = g;
                }
            }
            assertThat(root).isNotNull();
            assertThat(root.get("states").has("TIME_WAIT")).isFalse();
            assertThat(unknown).isNotNull();
            assertThat(unknown.get("states").get("TIME_WAIT").asInt()).isGreaterThanOrEqualTo(6);
            p.getOutputStream().close();
        }
    }
}
