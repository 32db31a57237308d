package io.tcpdoctor.fleet;

import io.tcpdoctor.model.Severity;
import io.tcpdoctor.model.TcpState;
import java.util.Comparator;
import java.util.Locale;

/** How {@code fleet} orders instances, worst first; ties fall back to the other keys, then the name. */
public enum Ranking {
    /** Most severe finding, then most warning/critical findings, then CLOSE_WAIT, then TIME_WAIT. */
    FINDINGS,
    /** Most CLOSE_WAIT sockets (a leak: they never time out). */
    CLOSE_WAIT,
    /** Most TIME_WAIT sockets. */
    TIME_WAIT,
    /** Least ephemeral-port headroom towards one destination. */
    PORTS;

    private static final Comparator<InstanceStatus> BY_SEVERITY = Comparator.comparingInt(i -> rank(i.worst()));
    private static final Comparator<InstanceStatus> BY_PROBLEMS = Comparator.comparingLong(i -> -i.problems());
    private static final Comparator<InstanceStatus> BY_CLOSE_WAIT = Comparator.comparingLong(i -> -i.count(TcpState.CLOSE_WAIT));
    private static final Comparator<InstanceStatus> BY_TIME_WAIT = Comparator.comparingLong(i -> -i.count(TcpState.TIME_WAIT));
    private static final Comparator<InstanceStatus> BY_PORTS = Comparator.comparingDouble(i -> i.ports() == null ? 0 : -i.ports().ratio());
    private static final Comparator<InstanceStatus> BY_NAME = Comparator.comparing(InstanceStatus::instance);

    /** The order of this ranking. */
    public Comparator<InstanceStatus> comparator() {
        Comparator<InstanceStatus> findings = BY_SEVERITY.thenComparing(BY_PROBLEMS);
        return switch (this) {
            case FINDINGS -> findings.thenComparing(BY_CLOSE_WAIT).thenComparing(BY_TIME_WAIT).thenComparing(BY_NAME);
            case CLOSE_WAIT -> BY_CLOSE_WAIT.thenComparing(findings).thenComparing(BY_NAME);
            case TIME_WAIT -> BY_TIME_WAIT.thenComparing(findings).thenComparing(BY_NAME);
            case PORTS -> BY_PORTS.thenComparing(findings).thenComparing(BY_NAME);
        };
    }

    private static int rank(Severity s) {
        return s == null ? 3 : s.ordinal();
    }

    /** Parses {@code findings|close-wait|time-wait|ports} (any case, - or _). */
    public static Ranking parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown --sort '" + s + "'; valid: findings, close-wait, time-wait, ports");
        }
    }

    /** The command-line spelling. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
