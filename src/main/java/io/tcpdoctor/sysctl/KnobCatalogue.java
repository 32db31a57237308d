package io.tcpdoctor.sysctl;

import io.tcpdoctor.collect.SysctlConf;
import io.tcpdoctor.sysctl.Knob.Risk;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every sysctl tcpdoctor reads or gives advice on, with the facts it relies on (defaults as documented in
 * ip-sysctl): the one registry of sysctls. Live observation reads exactly {@link #keys()}; a rule or an advice that
 * needs a knob adds it here.
 */
public final class KnobCatalogue {
    private KnobCatalogue() {
    }

    public static final String TW_REUSE = "net.ipv4.tcp_tw_reuse";
    public static final String TW_REUSE_DELAY = "net.ipv4.tcp_tw_reuse_delay";
    public static final String TW_RECYCLE = "net.ipv4.tcp_tw_recycle";
    public static final String FIN_TIMEOUT = "net.ipv4.tcp_fin_timeout";
    public static final String MAX_TW_BUCKETS = "net.ipv4.tcp_max_tw_buckets";
    public static final String PORT_RANGE = "net.ipv4.ip_local_port_range";
    public static final String RESERVED_PORTS = "net.ipv4.ip_local_reserved_ports";
    public static final String TIMESTAMPS = "net.ipv4.tcp_timestamps";
    public static final String SOMAXCONN = "net.core.somaxconn";
    public static final String MAX_SYN_BACKLOG = "net.ipv4.tcp_max_syn_backlog";
    public static final String SYNCOOKIES = "net.ipv4.tcp_syncookies";
    public static final String SYNACK_RETRIES = "net.ipv4.tcp_synack_retries";
    public static final String SYN_RETRIES = "net.ipv4.tcp_syn_retries";
    public static final String SYN_LINEAR = "net.ipv4.tcp_syn_linear_timeouts";
    public static final String KEEPALIVE_TIME = "net.ipv4.tcp_keepalive_time";
    public static final String KEEPALIVE_INTVL = "net.ipv4.tcp_keepalive_intvl";
    public static final String KEEPALIVE_PROBES = "net.ipv4.tcp_keepalive_probes";
    public static final String ORPHAN_RETRIES = "net.ipv4.tcp_orphan_retries";
    public static final String MAX_ORPHANS = "net.ipv4.tcp_max_orphans";
    public static final String TCP_MEM = "net.ipv4.tcp_mem";
    public static final String FILE_MAX = "fs.file-max";

    /** The catalogue, in the order advice is printed. */
    public static final List<Knob> ALL = List.of(
            new Knob(TW_REUSE, "2", "default 2 since 2018, a 0/1 switch defaulting to 0 before", Risk.LOW, true, true),
            new Knob(TW_REUSE_DELAY, "1000", "recent kernels (detected at run time)", Risk.LOW, true, true),
            new Knob(TW_RECYCLE, "-", "removed in 4.12", Risk.NEVER, true, true),
            new Knob(FIN_TIMEOUT, "60", "all kernels", Risk.LOW, true, true),
            new Knob(MAX_TW_BUCKETS, "half the established hash size", "all kernels", Risk.HIGH, true, true),
            new Knob(PORT_RANGE, "32768 60999", "all kernels", Risk.MEDIUM, false, true),
            new Knob(RESERVED_PORTS, "(empty)", "all kernels", Risk.LOW, false, true),
            new Knob(TIMESTAMPS, "1", "all kernels", Risk.HIGH, true, true),
            new Knob(SOMAXCONN, "4096", "4096 since 5.4, 128 before", Risk.LOW, true, true),
            new Knob(MAX_SYN_BACKLOG, "depends on memory", "all kernels", Risk.LOW, true, true),
            new Knob(SYNCOOKIES, "1", "all kernels", Risk.MEDIUM, true, true),
            new Knob(SYNACK_RETRIES, "5", "all kernels", Risk.MEDIUM, true, true),
            new Knob(SYN_RETRIES, "6", "all kernels", Risk.MEDIUM, true, true),
            new Knob(SYN_LINEAR, "-", "recent kernels (detected at run time)", Risk.LOW, true, true),
            new Knob(KEEPALIVE_TIME, "7200", "all kernels", Risk.LOW, true, true),
            new Knob(KEEPALIVE_INTVL, "75", "all kernels", Risk.LOW, true, true),
            new Knob(KEEPALIVE_PROBES, "9", "all kernels", Risk.MEDIUM, true, true),
            new Knob(ORPHAN_RETRIES, "0 (means 8)", "all kernels", Risk.MEDIUM, true, true),
            new Knob(MAX_ORPHANS, "depends on memory", "all kernels", Risk.MEDIUM, true, false),
            new Knob(TCP_MEM, "depends on memory", "all kernels", Risk.MEDIUM, false, false),
            new Knob(FILE_MAX, "depends on memory", "all kernels", Risk.LOW, true, false));

    /** The keys of every knob, in catalogue order. */
    public static List<String> keys() {
        return KEYS;
    }

    private static final List<String> KEYS = ALL.stream().map(Knob::key).toList();

    /** Values the kernel accepts, where it enforces a range (writes outside fail with EINVAL). */
    public record Range(long min, long max) {
        /** True when the value is inside the range. */
        public boolean contains(long v) {
            return v >= min && v <= max;
        }
    }

    private static final java.util.Map<String, Range> RANGES = java.util.Map.of(
            TW_REUSE, new Range(0, 2),
            TW_REUSE_DELAY, new Range(1, 60000),
            SYN_RETRIES, new Range(1, 127),
            SYNACK_RETRIES, new Range(0, 255));

    /** The enforced range of a knob, if it has one. */
    public static Optional<Range> range(String key) {
        return Optional.ofNullable(RANGES.get(key));
    }

    /** The knob for a key in dotted or slash form ({@code net/ipv4/tcp_fin_timeout}), if known. */
    public static Optional<Knob> find(String key) {
        String k = SysctlConf.normalize(key);
        for (Knob knob : ALL) {
            if (knob.key().equals(k)) {
                return Optional.of(knob);
            }
        }
        return Optional.empty();
    }

    /** Finds by full key or by the last part alone ({@code tcp_fin_timeout}). */
    public static Optional<Knob> findLoose(String text) {
        Optional<Knob> k = find(text);
        if (k.isPresent()) {
            return k;
        }
        String n = text.trim().toLowerCase(Locale.ROOT);
        return ALL.stream().filter(x -> x.name().equals(n)).findFirst();
    }
}
