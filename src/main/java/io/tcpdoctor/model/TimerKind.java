package io.tcpdoctor.model;

/** The kernel timer pending on a socket (inet_diag {@code idiag_timer}, /proc/net/tcp {@code tr}). */
public enum TimerKind {
    OFF, ON, KEEPALIVE, TIMEWAIT, PROBE;

    /** From the kernel number: 0 none, 1 retransmit, 2 keepalive (or FIN_WAIT2), 3 TIME_WAIT, 4 zero-window probe. */
    public static TimerKind fromKernel(int n) {
        return switch (n) {
            case 1 -> ON;
            case 2 -> KEEPALIVE;
            case 3 -> TIMEWAIT;
            case 4 -> PROBE;
            default -> OFF;
        };
    }

    /** Lower-case name like netstat -o and ss -o. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
