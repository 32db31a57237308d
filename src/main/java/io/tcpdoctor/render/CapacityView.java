package io.tcpdoctor.render;

import io.tcpdoctor.capacity.Capacity;
import io.tcpdoctor.observe.PortFacts;
import java.util.List;

/**
 * What {@code capacity} shows: its inputs, the scenarios, the lines saying what was measured, whether to draw the
 * chart, and with {@code --from-host} the port facts of the observation and what was assumed.
 *
 * @param facts null unless the inputs were measured
 */
public record CapacityView(Capacity.Inputs inputs, List<Capacity.Scenario> scenarios, List<String> measured, boolean chart,
        PortFacts facts, List<String> assumptions) {
}
