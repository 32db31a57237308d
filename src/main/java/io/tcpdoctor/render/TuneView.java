package io.tcpdoctor.render;

import io.tcpdoctor.advise.Advisor;
import io.tcpdoctor.advise.Change;
import io.tcpdoctor.advise.Role;
import io.tcpdoctor.observe.PortFacts;
import java.util.List;

/**
 * What {@code tune} shows: the kernel and role, the changes with the facts they answer and their reasons, the knobs
 * deliberately left alone, notes, and the port facts of the observation it was based on.
 *
 * @param kernel the kernel release, or null when a capture does not say
 * @param roleSource {@code given} or {@code detected}
 * @param roleEvidence why the role (numbers, busiest destination)
 * @param skipped knobs looked at and not proposed, with the reason
 * @param mode {@code dry-run}, {@code write} or {@code apply}
 * @param assumptions host facts assumed at their defaults, as sentences
 * @param sampleSeconds the sample length when rates were measured, else null
 */
public record TuneView(String kernel, Role role, String roleSource, String roleEvidence, List<Change> changes,
        List<Advisor.Skip> skipped, List<String> notes, String mode, PortFacts facts, List<String> assumptions,
        Double sampleSeconds) {
}
