package io.tcpdoctor.fleet;

import java.util.Map;

/** One element of an instant vector from Prometheus: its labels and its value. */
public record Sample(Map<String, String> labels, double value) {
    public Sample {
        labels = Map.copyOf(labels);
    }

    /** A label's value; "" when the series does not have it (Prometheus drops empty labels). */
    public String label(String name) {
        return labels.getOrDefault(name, "");
    }
}
