package io.tcpdoctor.render;

import io.tcpdoctor.advise.Change;
import io.tcpdoctor.advise.Role;
import io.tcpdoctor.observe.PortFacts;
import java.util.List;

/**
 * What {@code tune} shows: the kernel and role, the changes with their reasons, notes, and the port facts of the
 * observation it was based on.
 *
 * @param kernel the kernel release, or null when a capture does not say
 * @param roleSource {@code given} or {@code detected}
 * @param roleEvidence why the role (numbers, busiest destination)
 * @param mode {@code dry-run}, {@code write} or {@code apply}
 * @param assumptions host facts assumed at their defaults, as sentences
 */
public record TuneView(String kernel, Role role, String roleSource, String roleEvidence, List<Change> changes,
        List<String> notes, String mode, PortFacts facts, List<String> assumptions) {
}
