package io.tcpdoctor.serve;

import io.tcpdoctor.model.Addresses;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The {@code --listen} address of {@code tcpdoctor serve}: {@code HOST:PORT}, {@code [V6]:PORT} or {@code PORT}. */
public final class ListenAddress {
    private ListenAddress() {
    }

    /** Parses {@code HOST:PORT}, {@code [V6]:PORT} or {@code PORT} (loopback); host must be an IP literal or localhost. */
    public static InetSocketAddress parse(String text, int defaultPort) {
        String t = text.strip();
        String hostPart;
        String portPart;
        if (t.startsWith("[")) {
            int close = t.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("bad --listen '" + text + "': use [ADDR]:PORT for IPv6");
            }
            hostPart = t.substring(1, close);
            portPart = t.substring(close + 2);
        } else if (t.indexOf(':') < 0) {
            hostPart = "127.0.0.1";
            portPart = t;
        } else if (t.indexOf(':') == t.lastIndexOf(':')) {
            hostPart = t.substring(0, t.indexOf(':'));
            portPart = t.substring(t.indexOf(':') + 1);
        } else {
            throw new IllegalArgumentException("bad --listen '" + text + "': write IPv6 addresses as [ADDR]:PORT");
        }
        int port;
        try {
            port = Integer.parseInt(portPart);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad --listen '" + text + "': port must be a number 0-65535");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("bad --listen '" + text + "': port must be 0-65535");
        }
        if (hostPart.isEmpty()) {
            throw new IllegalArgumentException("bad --listen '" + text + "': give an address, e.g. 127.0.0.1:" + defaultPort);
        }
        InetAddress a;
        if (hostPart.equals("localhost")) {
            a = InetAddress.getLoopbackAddress();
        } else {
            a = Addresses.parseLiteral(hostPart);
            if (a == null) {
                throw new IllegalArgumentException("bad --listen '" + text + "': '" + hostPart + "' is not an IP address");
            }
        }
        return new InetSocketAddress(a, port);
    }

    /** {@code 127.0.0.1:PORT} or {@code [::1]:PORT}. */
    public static String text(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + a.getPort();
    }
}
