package io.tcpdoctor.fleet;

import io.tcpdoctor.model.Severity;
import java.util.List;

/**
 * One finding id across the fleet: its worst severity, the instances reporting it (in ranking order), its title,
 * and on how many instances it was active one look-back period earlier (null when Prometheus has no data from then).
 */
public record FindingSpread(String id, Severity worst, List<String> instances, String title, Integer instancesBefore) {
    public FindingSpread {
        instances = List.copyOf(instances);
    }

    /** How many more instances have it than one look-back period ago (null when unknown). */
    public Integer growth() {
        return instancesBefore == null ? null : instances.size() - instancesBefore;
    }
}
