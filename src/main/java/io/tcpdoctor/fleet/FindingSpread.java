package io.tcpdoctor.fleet;

import io.tcpdoctor.diagnose.Severity;
import java.util.List;

/** One finding id across the fleet: its worst severity, the instances reporting it (worst first) and its title. */
public record FindingSpread(String id, Severity worst, List<String> instances, String title) {
    public FindingSpread {
        instances = List.copyOf(instances);
    }
}
