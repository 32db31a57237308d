package io.tcpdoctor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A temporary tree laid out like /proc/sys for tests of knob presence and values. */
public final class SysctlTree {
    private SysctlTree() {
    }

    /** The knobs of a recent kernel with their default values (no tcp_tw_recycle). */
    public static final Map<String, String> MODERN = Map.ofEntries(
            Map.entry("net.ipv4.tcp_tw_reuse", "2"),
            Map.entry("net.ipv4.tcp_tw_reuse_delay", "1000"),
            Map.entry("net.ipv4.tcp_fin_timeout", "60"),
            Map.entry("net.ipv4.tcp_max_tw_buckets", "262144"),
            Map.entry("net.ipv4.ip_local_port_range", "32768\t60999"),
            Map.entry("net.ipv4.ip_local_reserved_ports", ""),
            Map.entry("net.ipv4.tcp_timestamps", "1"),
            Map.entry("net.core.somaxconn", "4096"),
            Map.entry("net.ipv4.tcp_max_syn_backlog", "4096"),
            Map.entry("net.ipv4.tcp_syncookies", "1"),
            Map.entry("net.ipv4.tcp_synack_retries", "5"),
            Map.entry("net.ipv4.tcp_syn_retries", "6"),
            Map.entry("net.ipv4.tcp_keepalive_time", "7200"),
            Map.entry("net.ipv4.tcp_keepalive_intvl", "75"),
            Map.entry("net.ipv4.tcp_keepalive_probes", "9"),
            Map.entry("net.ipv4.tcp_orphan_retries", "0"),
            Map.entry("net.ipv4.tcp_max_orphans", "65536"),
            Map.entry("net.core.netdev_max_backlog", "1000"));

    /** Writes the values under root and returns root. */
    public static Path write(Path root, Map<String, String> values) {
        try {
            for (Map.Entry<String, String> e : values.entrySet()) {
                Path p = root.resolve(e.getKey().replace('.', '/'));
                Files.createDirectories(p.getParent());
                Files.writeString(p, e.getValue() + "\n");
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
