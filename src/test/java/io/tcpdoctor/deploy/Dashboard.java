package io.tcpdoctor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Grafana dashboard in deploy/grafana and its PromQL expressions. */
public final class Dashboard {
    private Dashboard() {
    }

    /** The dashboard file. */
    public static final Path FILE = Path.of("deploy/grafana/tcpdoctor-dashboard.json");

    /** One query of one panel. */
    public record Query(String panel, String refId, String expr) {
        /** The expression with Grafana's variables replaced the way Grafana does for "All" and a 1 m step. */
        public String promql() {
            return expr.replace("$instance", ".*").replace("$__rate_interval", "1m").replace("$__interval", "15s")
                    .replace("$__range", "1h");
        }
    }

    /** The parsed dashboard. */
    public static JsonNode read() throws IOException {
        return new ObjectMapper().readTree(FILE.toFile());
    }

    /** Every panel's queries, rows' nested panels included. */
    public static List<Query> queries() throws IOException {
        List<Query> out = new ArrayList<>();
        collect(read().get("panels"), out);
        return out;
    }

    private static void collect(JsonNode panels, List<Query> out) {
        for (JsonNode p : panels) {
            for (JsonNode t : p.path("targets")) {
                out.add(new Query(p.get("title").asText(), t.get("refId").asText(), t.get("expr").asText()));
            }
            collect(p.path("panels"), out);
        }
    }
}
