package io.tcpdoctor.advise;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One recommended sysctl change: the key, its current and recommended value, why it helps, and the observed fact it
 * answers: {@code finding} is the id of that fact (diagnose's finding id, or {@code risky-value} for a value a copied
 * tuning list left behind), {@code evidence} its numbers (snake_case keys, numbers stay numbers).
 */
public record Change(String key, String current, String recommended, String reason, String finding,
        Map<String, Object> evidence) {

    public Change {
        evidence = evidence == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }

    /** The evidence as {@code name=value, ...} (unknown values left out), for text and drop-in comments. */
    public String evidenceText() {
        StringBuilder b = new StringBuilder();
        evidence.forEach((k, v) -> {
            if (v != null) {
                b.append(b.isEmpty() ? "" : ", ").append(k).append('=').append(v);
            }
        });
        return b.toString();
    }

    /** A change not tied to an observation (set by hand, e.g. in a test of the applier). */
    public Change(String key, String current, String recommended, String reason) {
        this(key, current, recommended, reason, null, Map.of());
    }
}
