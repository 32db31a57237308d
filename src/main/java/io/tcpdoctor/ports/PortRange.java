package io.tcpdoctor.ports;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ephemeral ports connect() picks from: {@code ip_local_port_range} minus {@code ip_local_reserved_ports}.
 * A connection is unique per 4-tuple, so this many ports are available per (source IP, destination IP,
 * destination port), not per host.
 */
public record PortRange(int low, int high, List<int[]> reserved) {

    /** Linux's default range, 32768-60999 (28,232 ports). */
    public static final PortRange DEFAULT = new PortRange(32768, 60999, List.of());

    public PortRange {
        reserved = List.copyOf(reserved);
    }

    /** True when connect() could pick this port automatically. */
    public boolean contains(int port) {
        if (port < low || port > high) {
            return false;
        }
        for (int[] r : reserved) {
            if (port >= r[0] && port <= r[1]) {
                return false;
            }
        }
        return true;
    }

    /** Ports connect() can pick: the range minus reserved ports inside it. */
    public int usable() {
        int n = high - low + 1;
        for (int[] r : reserved) {
            int lo = Math.max(r[0], low);
            int hi = Math.min(r[1], high);
            if (hi >= lo) {
                n -= hi - lo + 1;
            }
        }
        return Math.max(0, n);
    }

    /** The kernel's key for the range. */
    public static final String RANGE_KEY = "net.ipv4.ip_local_port_range";
    /** The kernel's key for the reserved ports. */
    public static final String RESERVED_KEY = "net.ipv4.ip_local_reserved_ports";

    /** The range in an {@code ip_local_port_range} value ({@code "32768 60999"}), minus reserved ports; empty if malformed. */
    public static Optional<PortRange> parse(String range, String reserved) {
        if (range == null) {
            return Optional.empty();
        }
        int[] b = bounds(range);
        if (b != null && b[0] > 0 && b[0] <= b[1] && b[1] <= 65535) {
            return Optional.of(new PortRange(b[0], b[1], parseReserved(reserved)));
        }
        // Not a range: the caller falls back to an assumption.
        return Optional.empty();
    }

    /**
     * The two numbers of a range written LOW-HIGH, LOW:HIGH or LOW HIGH (as sysctl prints it), unchecked; null when it
     * is not two integers.
     */
    public static int[] bounds(String range) {
        String[] p = range.trim().split("[\\s\\-:]+");
        try {
            return p.length == 2 ? new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The same range with other reserved ports. */
    public PortRange withReserved(List<int[]> ports) {
        return new PortRange(low, high, ports);
    }

    /** True when the port lies between the range's ends (reserved or not). */
    public boolean spans(int port) {
        return port >= low && port <= high;
    }

    /** {@code 32768-60999}. */
    public String rangeText() {
        return low + "-" + high;
    }

    /** Parses {@code ip_local_reserved_ports}: {@code 8080,9000-9100}; empty is none. */
    public static List<int[]> parseReserved(String text) {
        List<int[]> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split("[,\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            int dash = part.indexOf('-');
            try {
                if (dash > 0) {
                    out.add(new int[] {Integer.parseInt(part.substring(0, dash)), Integer.parseInt(part.substring(dash + 1))});
                } else {
                    int p = Integer.parseInt(part);
                    out.add(new int[] {p, p});
                }
            } catch (NumberFormatException e) {
                // A malformed entry reserves nothing we can count.
            }
        }
        return out;
    }
}
