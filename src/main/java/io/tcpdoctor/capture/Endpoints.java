package io.tcpdoctor.capture;

import io.tcpdoctor.model.Endpoint;
import java.util.Locale;
import java.util.Map;

/**
 * Address fields as the tools print them: {@code host:port} (net-tools, ss, Windows; IPv6 bare or in
 * brackets, with a %scope), {@code host.port} (macOS, FreeBSD), and service names instead of port numbers
 * when a capture was taken without {@code -n}.
 */
final class Endpoints {
    private Endpoints() {
    }

    /** Well-known service names (as in /etc/services) that netstat prints without -n. */
    private static final Map<String, Integer> SERVICES = Map.ofEntries(
            Map.entry("ftp-data", 20), Map.entry("ftp", 21), Map.entry("ssh", 22), Map.entry("telnet", 23),
            Map.entry("smtp", 25), Map.entry("domain", 53), Map.entry("http", 80), Map.entry("www", 80),
            Map.entry("pop3", 110), Map.entry("sunrpc", 111), Map.entry("ntp", 123), Map.entry("imap", 143),
            Map.entry("imap2", 143), Map.entry("snmp", 161), Map.entry("ldap", 389), Map.entry("https", 443),
            Map.entry("microsoft-ds", 445), Map.entry("submission", 587), Map.entry("ldaps", 636),
            Map.entry("imaps", 993), Map.entry("pop3s", 995), Map.entry("ms-sql-s", 1433), Map.entry("openvpn", 1194),
            Map.entry("mysql", 3306), Map.entry("ms-wbt-server", 3389), Map.entry("postgresql", 5432),
            Map.entry("postgres", 5432), Map.entry("amqp", 5672), Map.entry("x11", 6000), Map.entry("redis", 6379),
            Map.entry("http-alt", 8080), Map.entry("webcache", 8080), Map.entry("tproxy", 8081),
            Map.entry("memcache", 11211), Map.entry("mongodb", 27017), Map.entry("zookeeper", 2181),
            Map.entry("epmap", 135), Map.entry("netbios-ssn", 139), Map.entry("rsync", 873), Map.entry("nfs", 2049),
            Map.entry("kerberos", 88), Map.entry("bgp", 179), Map.entry("irc", 194), Map.entry("rtsp", 554),
            Map.entry("ipp", 631), Map.entry("squid", 3128), Map.entry("svn", 3690), Map.entry("sip", 5060),
            Map.entry("xmpp-client", 5222), Map.entry("git", 9418), Map.entry("iso-tsap", 102));

    /** A port field: a number, {@code *} (any, 0), a service name, or -1 when unknown or redacted. */
    static int port(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        if (text.equals("*")) {
            return 0;
        }
        if (Fields.digits(text)) {
            if (text.length() > 5) {
                return -1;
            }
            int p = Integer.parseInt(text);
            return p <= 65535 ? p : -1;
        }
        Integer known = SERVICES.get(text.toLowerCase(Locale.ROOT));
        return known == null ? -1 : known;
    }

    /** True when a port field is usable: a number in range, {@code *}, or a name (known or not). */
    static boolean portLike(String text) {
        return !text.isEmpty() && (!Fields.digits(text) || port(text) >= 0);
    }

    /**
     * Parses {@code host:port}; the port follows the last colon, so bare IPv6 ({@code :::22},
     * {@code ::ffff:10.0.0.1:80}) works. Returns null when there is no colon or no host.
     */
    static Endpoint colon(String text) {
        int c = text.lastIndexOf(':');
        if (c <= 0 || c == text.length() - 1) {
            return null;
        }
        String host = text.substring(0, c);
        String port = text.substring(c + 1);
        return Endpoint.named(host(host), port(port));
    }

    /** Parses BSD {@code host.port}: the port follows the last dot; {@code *.*} is any address, any port. */
    static Endpoint dot(String text) {
        int d = text.lastIndexOf('.');
        if (d <= 0 || d == text.length() - 1) {
            return null;
        }
        return Endpoint.named(host(text.substring(0, d)), port(text.substring(d + 1)));
    }

    /**
     * An address field that must not cost the row: {@code host:port} (or BSD {@code host.port}) when it is one,
     * else the text as a host with an unknown port, e.g. a redacted {@code [hidden]}.
     */
    static Endpoint lenient(String text, boolean dotted) {
        Endpoint e = dotted ? dot(text) : colon(text);
        return e != null ? e : Endpoint.named(host(text), -1);
    }

    /** Host text without brackets and zone, {@code *} turned into the matching wildcard literal. */
    static String host(String host) {
        String h = host;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close > 0) {
                h = h.substring(1, close);
            }
        }
        int pct = h.indexOf('%');
        if (pct > 0) {
            h = h.substring(0, pct);
        }
        if (h.equals("*")) {
            return "0.0.0.0";
        }
        return h;
    }
}
