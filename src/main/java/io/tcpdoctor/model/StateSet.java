package io.tcpdoctor.model;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Parses state names and ss state groups into a set of states. */
public final class StateSet {
    private StateSet() {
    }

    /** ss's {@code bucket}: states kept as mini-sockets. */
    public static final Set<TcpState> BUCKET = EnumSet.of(TcpState.SYN_RECV, TcpState.TIME_WAIT);

    /** ss's {@code connected}: every state but LISTEN and CLOSE (as iproute2's ss defines it). */
    public static final Set<TcpState> CONNECTED = EnumSet.complementOf(EnumSet.of(TcpState.LISTEN, TcpState.CLOSE));

    /** The group names accepted besides state names. */
    public static final List<String> GROUPS = List.of("all", "connected", "synchronized", "bucket", "big");

    /**
     * Parses one {@code --state} value: a state name in any common spelling or an ss group.
     *
     * @throws IllegalArgumentException naming the valid values when the text is unknown
     */
    public static Set<TcpState> parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "all":
                return EnumSet.allOf(TcpState.class);
            case "connected":
                return EnumSet.copyOf(CONNECTED);
            case "synchronized": {
                EnumSet<TcpState> s = EnumSet.copyOf(CONNECTED);
                s.remove(TcpState.SYN_SENT);
                return s;
            }
            case "bucket":
                return EnumSet.copyOf(BUCKET);
            case "big":
                return EnumSet.complementOf(EnumSet.copyOf(BUCKET));
            default:
                TcpState s = TcpState.parse(t);
                if (s == null) {
                    throw new IllegalArgumentException("unknown state '" + text + "'; valid: " + validNames());
                }
                return EnumSet.of(s);
        }
    }

    /** Comma-separated list of every accepted canonical state name and group. */
    public static String validNames() {
        List<String> names = new ArrayList<>();
        for (TcpState s : TcpState.all()) {
            names.add(s.name());
        }
        names.addAll(GROUPS);
        return String.join(", ", names);
    }

    /** The inet_diag state mask for a set of states (SYN_RECV also selects request sockets). */
    public static int kernelMask(Set<TcpState> states) {
        int mask = 0;
        for (TcpState s : states) {
            mask |= s.kernelBit();
        }
        if (states.contains(TcpState.SYN_RECV)) {
            mask |= 1 << TcpState.KERNEL_NEW_SYN_RECV;
        }
        return mask;
    }
}
