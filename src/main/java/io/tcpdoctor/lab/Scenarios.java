package io.tcpdoctor.lab;

import io.tcpdoctor.model.Addresses;
import java.net.InetSocketAddress;
import java.util.List;

/** Every lab scenario, in help order. Adding one = one new class + one line here. */
public final class Scenarios {
    private Scenarios() {
    }

    /** The scenarios. */
    public static final List<Scenario> ALL = List.of(
            new TimeWait(),
            new ServerTimeWait(),
            new CloseWait(),
            new FinWait2(),
            new SynSent(),
            new PortExhaustion(),
            new AcceptOverflow(),
            new SynFlood());

    /** A scenario by name; IllegalArgumentException lists the valid ones. */
    public static Scenario get(String name) {
        for (Scenario s : ALL) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown lab scenario '" + name + "'; valid: "
                + String.join(", ", ALL.stream().map(Scenario::name).toList()));
    }

    /** A fixed port inside the lab's own namespace (easy to type), any free port on the host's loopback. */
    static int port(Lab lab, int inNetns) {
        return lab.netns() != null ? inNetns : 0;
    }

    /** {@code addr:port} for messages. */
    static String text(InetSocketAddress a) {
        return Addresses.format(a.getAddress()) + ":" + a.getPort();
    }

    /** A lower diagnose threshold when --count is below the default one, so the finding still fires. */
    static List<String> threshold(String option, int count, long defaultThreshold) {
        if (count <= 0 || count >= defaultThreshold * 2) {
            return List.of();
        }
        return List.of(option, Long.toString(Math.max(1, count / 2)));
    }
}
