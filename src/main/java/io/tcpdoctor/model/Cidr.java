package io.tcpdoctor.model;

import java.net.Inet4Address;
import java.net.InetAddress;

/** An address or network ({@code 10.0.0.0/8}, {@code ::1}, {@code fe80::/10}) to match endpoints against. */
public record Cidr(byte[] network, int prefix, String text) {

    /** Parses an address or CIDR; throws IllegalArgumentException when it is neither. */
    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash >= 0 ? t.substring(0, slash) : t;
        InetAddress a = Addresses.parseLiteral(addr);
        if (a == null) {
            throw new IllegalArgumentException("bad address '" + text + "': use an IP address or CIDR such as 10.0.0.0/8 or ::1");
        }
        byte[] raw = a.getAddress();
        int max = raw.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("bad prefix length in '" + text + "': 0-" + max);
            }
        }
        return new Cidr(raw, prefix, text);
    }

    /** True when the address lies inside this network; an IPv4 network never matches IPv6 and back. */
    public boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    /** True for an IPv4 network. */
    public boolean isV4() {
        return network.length == 4;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The address as an InetAddress, for callers that need one. */
    public InetAddress address() {
        return Addresses.of(network);
    }

    /** True when this is a single IPv4 address. */
    public boolean isHostV4() {
        return prefix == 32 && Addresses.of(network) instanceof Inet4Address;
    }
}
