package io.tcpdoctor.diagnose;

import io.tcpdoctor.model.Severity;
import io.tcpdoctor.observe.Observation;
import java.util.List;

/**
 * The result of one run of the rules: the findings (most severe first), the assumptions made for facts the
 * source did not have, the observation they are about and what its sockets added up to (a streamed capture keeps
 * no rows in the observation). {@code sampleSeconds} is NaN without sampling.
 */
public record Diagnosis(Observation observation, double sampleSeconds, List<Finding> findings, List<String> assumptions,
        SocketIndex sockets) {

    public Diagnosis {
        findings = List.copyOf(findings);
        assumptions = List.copyOf(assumptions);
    }

    /** The worst severity among the findings that are problems (CRITICAL or WARNING), or INFO when none. */
    public Severity status() {
        Severity worst = Severity.INFO;
        for (Finding f : findings) {
            if (f.severity().compareTo(worst) < 0) {
                worst = f.severity();
            }
        }
        return worst;
    }

    /** True when nothing is wrong enough to warn about. */
    public boolean healthy() {
        return status() == Severity.INFO;
    }
}
