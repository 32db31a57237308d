package io.tcpdoctor.cli;

import io.tcpdoctor.ports.PortRange;
import java.util.Locale;

/** Parsers of option values that are neither durations ({@link Durations}) nor plain numbers. */
final class OptionValues {
    private OptionValues() {
    }

    /** LOW-HIGH (also LOW:HIGH or two numbers apart, as sysctl prints ip_local_port_range); checked by the caller. */
    static int[] portRange(String s) {
        int[] b = PortRange.bounds(s);
        if (b == null) {
            throw new IllegalArgumentException("--port-range must be LOW-HIGH, e.g. 32768-60999");
        }
        return b;
    }

    /** on/off, also 1/0, yes/no, true/false, any case; {@code option} names the option in the error. */
    static boolean onOff(String option, String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "on", "1", "yes", "true" -> true;
            case "off", "0", "no", "false" -> false;
            default -> throw new IllegalArgumentException(option + " must be on or off");
        };
    }
}
