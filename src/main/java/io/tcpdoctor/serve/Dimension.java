package io.tcpdoctor.serve;

import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.query.GroupKey;
import java.util.Locale;

/** What the exporter groups sockets by, with its label name and its spelling in {@code /api/groups?by=}. */
public enum Dimension {
    LOCAL_PORT("local_port", "local-port"),
    PEER("peer", "peer"),
    PROCESS("process", "process");

    private final String label;
    private final String option;

    Dimension(String label, String option) {
        this.label = label;
        this.option = option;
    }

    /** The Prometheus label name. */
    public String label() {
        return label;
    }

    /** The spelling in URLs and JSON. */
    public String option() {
        return option;
    }

    /** Parses {@code local-port}, {@code local_port}, {@code peer} or {@code process}. */
    public static Dimension parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Dimension d : values()) {
            if (d.option.equals(t)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown group '" + text + "'; valid: local-port, peer, process");
    }

    /**
     * The group of a socket. Processes are grouped by command name, not by pid, so that restarts do not make
     * new series; {@code redactor} replaces the name when process names are hidden.
     */
    public String keyOf(SocketRecord r, Redactor redactor) {
        return switch (this) {
            case LOCAL_PORT -> r.local().portText();
            case PEER -> r.remote().toString();
            case PROCESS -> r.owner() != null && r.owner().name() != null ? redactor.name(r.owner().name())
                    : r.ownerless() ? GroupKey.NO_OWNER : "?";
        };
    }
}
