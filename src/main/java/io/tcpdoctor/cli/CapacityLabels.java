package io.tcpdoctor.cli;

import io.tcpdoctor.capacity.Capacity;
import io.tcpdoctor.i18n.Messages;

/** The scenario labels of {@code capacity} in the chosen language. */
final class CapacityLabels {
    private CapacityLabels() {
    }

    static Capacity.Labels of(Messages msg) {
        return new Capacity.Labels() {
            @Override
            public String now() {
                return msg.get("capacity.scenario.now");
            }

            @Override
            public String pooling(String factor) {
                return msg.get("capacity.scenario.pooling", factor);
            }

            @Override
            public String destinations(int n) {
                return msg.get("capacity.scenario.destinations", String.valueOf(n));
            }

            @Override
            public String range(int lo, int hi) {
                return msg.get("capacity.scenario.range", lo + "-" + hi);
            }

            @Override
            public String twReuse() {
                return msg.get("capacity.scenario.twreuse");
            }
        };
    }
}
