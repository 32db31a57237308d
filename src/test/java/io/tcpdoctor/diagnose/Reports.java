package io.tcpdoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** Reading the JSON report in tests. */
final class Reports {
    private Reports() {
    }

    static JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** Every finding with this id. */
    static List<JsonNode> findings(JsonNode doc, String id) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode f : doc.get("findings")) {
            if (f.get("id").asText().equals(id)) {
                out.add(f);
            }
        }
        return out;
    }

    /** The one finding with this id (fails when there is none or several). */
    static JsonNode single(JsonNode doc, String id) {
        List<JsonNode> f = findings(doc, id);
        assertThat(f).as("findings %s in %s", id, doc.toPrettyString()).hasSize(1);
        return f.getFirst();
    }
}
