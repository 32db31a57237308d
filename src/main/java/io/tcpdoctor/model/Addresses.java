package io.tcpdoctor.model;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/** Address text in the form operators expect: IPv4 dotted, IPv6 compressed (RFC 5952), mapped IPv4 as IPv4. */
public final class Addresses {
    private Addresses() {
    }

    /** Builds an address from 4 or 16 raw bytes; an IPv4-mapped IPv6 address becomes IPv4. */
    public static InetAddress of(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address length " + raw.length, e);
        }
    }

    /** Parses a numeric IPv4 or IPv6 literal (brackets and a %scope allowed); null when it is not one. */
    public static InetAddress parseLiteral(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String t = text;
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        int pct = t.indexOf('%');
        if (pct >= 0) {
            t = t.substring(0, pct);
        }
        if (t.indexOf(':') >= 0) {
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    return null;
                }
            }
        } else {
            // Dotted IPv4 is built from its four octets: a dotted string the JDK does not take as a literal
            // (an octet above 255, an empty one) would otherwise go to the name resolver.
            byte[] octets = new byte[4];
            int n = 0;
            int value = -1;
            for (int i = 0; i <= t.length(); i++) {
                char c = i < t.length() ? t.charAt(i) : '.';
                if (c == '.') {
                    if (value < 0 || n == 4) {
                        return null;
                    }
                    octets[n++] = (byte) value;
                    value = -1;
                } else if (c >= '0' && c <= '9') {
                    value = value < 0 ? c - '0' : value * 10 + (c - '0');
                    if (value > 255) {
                        return null;
                    }
                } else {
                    return null;
                }
            }
            return n == 4 ? of(octets) : null;
        }
        try {
            // Only literals reach this point, so no name lookup happens.
            return InetAddress.getByName(t);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Formats an address without any name lookup. */
    public static String format(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        if (address instanceof Inet6Address v6) {
            return formatV6(v6.getAddress());
        }
        return String.valueOf(address);
    }

    /** RFC 5952 text of a 16-byte IPv6 address. */
    public static String formatV6(byte[] a) {
        byte[] text = new byte[V6_TEXT];
        return new String(text, 0, formatV6(a, text, 0), StandardCharsets.ISO_8859_1);
    }

    /** The longest RFC 5952 text of an IPv6 address: eight groups of four hex digits and seven colons. */
    public static final int V6_TEXT = 39;

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    /**
     * Writes the RFC 5952 text of a 16-byte IPv6 address as ASCII into {@code out} from {@code at}, which has room
     * for {@link #V6_TEXT} bytes; gives where it ends. No String per group: {@code list} writes one per IPv6 socket
     * end, under C1 alone.
     */
    public static int formatV6(byte[] a, byte[] out, int at) {
        // The longest run of two or more zero groups becomes "::" (the first of equal runs).
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (group(a, i) != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && group(a, j) == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        int start = at;
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out[at++] = ':';
                out[at++] = ':';
                i += bestLen - 1;
                continue;
            }
            if (at > start && out[at - 1] != ':') {
                out[at++] = ':';
            }
            // Lower-case hex without leading zeros.
            int g = group(a, i);
            for (int shift = g >= 0x1000 ? 12 : g >= 0x100 ? 8 : g >= 0x10 ? 4 : 0; shift >= 0; shift -= 4) {
                out[at++] = HEX[(g >> shift) & 15];
            }
        }
        return at;
    }

    private static int group(byte[] a, int i) {
        return ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
    }
}
