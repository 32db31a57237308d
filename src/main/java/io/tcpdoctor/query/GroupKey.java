package io.tcpdoctor.query;

import io.tcpdoctor.model.SocketRecord;
import java.util.Locale;

/** What {@code states --by} groups sockets by. */
public enum GroupKey {
    LOCAL_PORT("local-port"),
    REMOTE_PORT("remote-port"),
    REMOTE("remote"),
    PEER("peer"),
    PROCESS("process"),
    USER("user");

    /** Label used for sockets the kernel keeps no owner for. */
    public static final String NO_OWNER = "(no owner)";

    private final String option;

    GroupKey(String option) {
        this.option = option;
    }

    /** The spelling used on the command line and in JSON. */
    public String option() {
        return option;
    }

    /** Parses the command-line spelling (underscores and case tolerated). */
    public static GroupKey parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (GroupKey k : values()) {
            if (k.option.equals(t)) {
                return k;
            }
        }
        if (t.equals("dst") || t.equals("remote-address")) {
            return REMOTE;
        }
        if (t.equals("sport") || t.equals("port")) {
            return LOCAL_PORT;
        }
        if (t.equals("dport")) {
            return REMOTE_PORT;
        }
        if (t.equals("pid") || t.equals("program")) {
            return PROCESS;
        }
        throw new IllegalArgumentException("unknown group '" + text
                + "'; valid: local-port, remote-port, remote, peer, process, user");
    }

    /** True when this key needs socket owners. */
    public boolean needsOwners() {
        return this == PROCESS;
    }

    /** The group a socket falls in. */
    public String keyOf(SocketRecord r) {
        return switch (this) {
            case LOCAL_PORT -> r.local().portText();
            case REMOTE_PORT -> r.remote().portText();
            case REMOTE -> r.remote().addressText();
            case PEER -> r.remote().toString();
            case PROCESS -> r.owner() != null ? r.owner().label() : r.ownerless() ? NO_OWNER : "?";
            // Ownerless sockets (TIME_WAIT, SYN_RECV) have no user: "-", like netstat's PID column for them.
            case USER -> r.user() != null ? r.user() : r.uid() >= 0 ? Integer.toString(r.uid()) : "-";
        };
    }
}
