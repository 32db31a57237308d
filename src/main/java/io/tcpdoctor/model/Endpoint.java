package io.tcpdoctor.model;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * One end of a connection. {@code address} is null when a capture shows a name or a redacted value
 * instead of an IP literal; {@code host} then keeps that text. Port 0 means "any" (shown as {@code *}),
 * -1 means unknown.
 */
public record Endpoint(InetAddress address, String host, int port) {

    // equals and hashCode written out: a record's generated ones are linked through a bootstrap method at first use
    // and run as method-handle chains in the interpreter, and endpoints are hash keys for every socket at start-up.
    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint e && port == e.port && java.util.Objects.equals(address, e.address)
                && java.util.Objects.equals(host, e.host);
    }

    @Override
    public int hashCode() {
        return (java.util.Objects.hashCode(address) * 31 + java.util.Objects.hashCode(host)) * 31 + port;
    }

    /** An endpoint with a numeric address. */
    public static Endpoint of(InetAddress address, int port) {
        return new Endpoint(address, null, port);
    }

    /** An endpoint whose host is not an IP literal (a name or a redacted field). */
    public static Endpoint named(String host, int port) {
        InetAddress a = Addresses.parseLiteral(host);
        return a != null ? new Endpoint(a, null, port) : new Endpoint(null, host, port);
    }

    /** Address text: IPv4 dotted, IPv6 compressed, or the host text of a capture. */
    public String addressText() {
        if (address != null) {
            return Addresses.format(address);
        }
        return host == null ? "?" : host;
    }

    /** Port text: the number, {@code *} for 0, {@code ?} when unknown. */
    public String portText() {
        return port == 0 ? "*" : port < 0 ? "?" : Integer.toString(port);
    }

    /** True for an IPv6 address (IPv4-mapped ones are IPv4). */
    public boolean isV6() {
        return address instanceof Inet6Address;
    }

    /** {@code addr:port}, with brackets around IPv6 addresses. */
    @Override
    public String toString() {
        String a = addressText();
        return (isV6() ? "[" + a + "]" : a) + ":" + portText();
    }
}
