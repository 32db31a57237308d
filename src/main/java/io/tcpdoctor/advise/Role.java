package io.tcpdoctor.advise;

import java.util.Locale;

/** What a host does with TCP, which decides which knobs can help it. */
public enum Role {
    /** Accepts connections (has listeners with accepted connections). */
    SERVER,
    /** Opens outgoing connections from ephemeral ports. */
    CLIENT,
    /** Both: accepts connections and opens outgoing ones (reverse proxy, gateway, most microservices). */
    PROXY,
    /** Neither seen: no listener with accepted connections and no outgoing connections. */
    UNKNOWN;

    /** True when the host accepts connections. */
    public boolean accepts() {
        return this == SERVER || this == PROXY;
    }

    /** True when the host opens outgoing connections. */
    public boolean connects() {
        return this == CLIENT || this == PROXY;
    }

    /** Lower-case name. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code server|client|proxy}. */
    public static Role parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "server" -> SERVER;
            case "client" -> CLIENT;
            case "proxy", "both" -> PROXY;
            default -> throw new IllegalArgumentException("unknown role '" + s + "'; valid: server, client, proxy");
        };
    }
}
