package io.tcpdoctor.render;

import io.tcpdoctor.observe.Facts;
import io.tcpdoctor.observe.PortFacts;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The {@code "facts"} object diagnose, tune and capacity print alike: port range, tcp_tw_reuse, busiest destination. */
public final class PortFactsJson {
    private PortFactsJson() {
    }

    /** The JSON object of a {@link PortFacts}. */
    public static Map<String, Object> of(PortFacts f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("port_range", f.portRange());
        m.put("usable_ports", f.usablePorts());
        m.put("tw_reuse", f.twReuse());
        m.put("busiest_destination", f.busiestDestination());
        m.put("busiest_destination_ports_in_use", f.busiestPortsInUse());
        m.put("destinations", f.destinations());
        m.put("assumed", f.assumed().stream().map(Facts.Assumed::key).filter(Objects::nonNull).toList());
        return m;
    }
}
