package io.tcpdoctor.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpdoctor.testing.Cli;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What tcpdoctor itself reads from a lab's namespace: state counts and diagnose finding ids. */
final class Observed {
    private Observed() {
    }

    static JsonNode json(String... args) {
        Cli.Result r = Cli.run(args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        try {
            return new ObjectMapper().readTree(r.out());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.out(), e);
        }
    }

    /** State name -> count inside the namespace. */
    static Map<String, Integer> states(String netns) {
        Map<String, Integer> out = new LinkedHashMap<>();
        json("states", "-N", netns, "--format", "json").get("states").properties()
                .forEach(e -> out.put(e.getKey(), e.getValue().asInt()));
        return out;
    }

    static int count(String netns, String state) {
        return states(netns).getOrDefault(state, 0);
    }

    /** The count once it reached the expected value (the kernel finishes handshakes and FINs asynchronously). */
    static int settled(String netns, String state, int expected) {
        io.tcpdoctor.testing.Wait.until(() -> count(netns, state) == expected, 10_000);
        return count(netns, state);
    }

    /** The diagnose findings (id -> finding) inside the namespace, with extra options such as thresholds. */
    static Map<String, JsonNode> findings(String netns, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("diagnose", "-N", netns, "--format", "json"));
        args.addAll(extra);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode f : json(args.toArray(String[]::new)).get("findings")) {
            out.put(f.get("id").asText(), f);
        }
        return out;
    }

    /** Lab namespaces this test JVM still has. */
    static List<String> leftovers() {
        String mine = LabNamespaces.PREFIX + ProcessHandle.current().pid() + "-";
        return LabNamespaces.existing().stream().filter(n -> n.startsWith(mine)).toList();
    }

    /** Child processes the lab started that are still alive. */
    static List<String> labChildren() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains(LeakyServer.class.getName()) || c.contains("prlimit"))
                .toList();
    }
}
