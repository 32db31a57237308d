package io.tcpdoctor.explain;

import java.util.Locale;

/** The states of IPVS connection-table entries as {@code ipvsadm -Lnc} prints them. Not socket states. */
public enum IpvsState {
    NONE, ESTABLISHED, SYN_SENT, SYN_RECV, FIN_WAIT, TIME_WAIT, CLOSE, CLOSE_WAIT, LAST_ACK, LISTEN, SYNACK;

    /** Parses a name in any case with '-' or '_' ({@code fin-wait}, {@code FIN_WAIT}), with or without an {@code ipvs:} prefix. */
    public static IpvsState parse(String text) {
        String t = text.trim();
        if (t.regionMatches(true, 0, "ipvs:", 0, 5)) {
            t = t.substring(5);
        }
        String k = t.toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (IpvsState s : values()) {
            if (s.name().equals(k) || s.name().replace("_", "").equals(k.replace("_", ""))) {
                return s;
            }
        }
        return null;
    }
}
