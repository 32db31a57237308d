package io.tcpdoctor.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The fleet at one instant: every instance that exports tcpdoctor metrics, ranked; the findings across them,
 * widest first, with how they spread over the look-back period {@code since}; and the instances that exported
 * metrics within the last hour but not now (down or unscraped).
 */
public record FleetView(String prometheus, Instant at, Ranking ranking, Duration since, List<InstanceStatus> instances,
                        List<FindingSpread> findings, List<String> missing) {
    public FleetView {
        instances = List.copyOf(instances);
        findings = List.copyOf(findings);
        missing = List.copyOf(missing);
    }
}
