package io.tcpdoctor.render;

import io.tcpdoctor.capacity.Capacity;
import io.tcpdoctor.observe.PortFacts;
import java.util.List;

/**
 * What {@code capacity} shows: its inputs, the scenarios, the lines saying what was measured, whether to draw the
 * chart, and with {@code --from-host} the port facts of the observation and what was assumed.
 *
 * @param facts null unless the inputs were measured
 * @param rateSource where the close rate came from: {@code given}, or a {@code close_rate_source} value
 * @param fullNow with --from-host: the text saying the modelled destination has no free port now, else null
 */
public record CapacityView(Capacity.Inputs inputs, List<Capacity.Scenario> scenarios, List<String> measured, boolean chart,
        PortFacts facts, List<String> assumptions, String rateSource, String fullNow) {
}
