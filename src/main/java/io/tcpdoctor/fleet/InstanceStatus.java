package io.tcpdoctor.fleet;

import io.tcpdoctor.model.Severity;
import io.tcpdoctor.model.TcpState;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One member of the fleet as its exporter reports it now, summed over the namespaces it watches: sockets per
 * state, the destination with the least port headroom (null when none is reported), the process holding the
 * most CLOSE_WAIT sockets (null when none), and the active findings, most severe first.
 */
public record InstanceStatus(String instance, String version, Map<TcpState, Long> sockets, PortPressure ports,
                             ProcessCount topCloseWait, List<ActiveFinding> findings) {
    public InstanceStatus {
        EnumMap<TcpState, Long> copy = new EnumMap<>(TcpState.class);
        copy.putAll(sockets);
        sockets = Collections.unmodifiableMap(copy);
        findings = List.copyOf(findings);
    }

    /** Sockets in one state. */
    public long count(TcpState s) {
        return sockets.getOrDefault(s, 0L);
    }

    /** All sockets. */
    public long total() {
        return sockets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The most severe active finding's severity, or null when there is none. */
    public Severity worst() {
        return findings.isEmpty() ? null : findings.getFirst().severity();
    }

    /** Active findings that are warnings or critical. */
    public long problems() {
        return findings.stream().filter(f -> f.severity() != Severity.INFO).count();
    }
}
