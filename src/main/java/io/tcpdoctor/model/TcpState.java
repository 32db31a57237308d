package io.tcpdoctor.model;

import java.util.Locale;

/** A TCP socket state with its canonical netstat name and Linux kernel number (include/net/tcp_states.h). */
public enum TcpState {
    ESTABLISHED(1),
    SYN_SENT(2),
    SYN_RECV(3),
    FIN_WAIT1(4),
    FIN_WAIT2(5),
    TIME_WAIT(6),
    CLOSE(7),
    CLOSE_WAIT(8),
    LAST_ACK(9),
    LISTEN(10),
    CLOSING(11);

    /** Kernel number of the internal request-socket state, reported as SYN_RECV. */
    public static final int KERNEL_NEW_SYN_RECV = 12;

    private static final TcpState[] BY_KERNEL = new TcpState[16];
    private static final TcpState[] VALUES = values();

    static {
        for (TcpState s : VALUES) {
            BY_KERNEL[s.kernel] = s;
        }
        BY_KERNEL[KERNEL_NEW_SYN_RECV] = SYN_RECV;
    }

    private final int kernel;

    TcpState(int kernel) {
        this.kernel = kernel;
    }

    /** The number the Linux kernel uses for this state. */
    public int kernel() {
        return kernel;
    }

    /** Bit of this state in an inet_diag {@code idiag_states} mask. */
    public int kernelBit() {
        return 1 << kernel;
    }

    /** The state for a kernel state number, or null for numbers tcpdoctor does not report. */
    public static TcpState fromKernel(int number) {
        return number >= 0 && number < BY_KERNEL.length ? BY_KERNEL[number] : null;
    }

    /** All states in their stable (kernel number) order. */
    public static TcpState[] all() {
        return VALUES.clone();
    }

    /** Number of states. */
    public static int count() {
        return VALUES.length;
    }

    /** State at the given ordinal, without copying the values array. */
    public static TcpState ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    /**
     * Parses a state name as written by netstat, ss, Windows, macOS or a user: case, '-' or '_' and
     * missing separators are all accepted ({@code TIME_WAIT}, {@code time-wait}, {@code timewait},
     * {@code FIN-WAIT-1}, {@code SYN_RECEIVED}, {@code LISTENING}, {@code CLOSED}). Returns null when unknown.
     */
    public static TcpState parse(String text) {
        if (text == null) {
            return null;
        }
        String k = normalize(text);
        return switch (k) {
            case "ESTABLISHED", "ESTAB", "ESTABLISH" -> ESTABLISHED;
            case "SYNSENT" -> SYN_SENT;
            case "SYNRECV", "SYNRECEIVED", "SYNRCVD", "NEWSYNRECV" -> SYN_RECV;
            case "FINWAIT1" -> FIN_WAIT1;
            case "FINWAIT2" -> FIN_WAIT2;
            case "TIMEWAIT", "TIMEDWAIT" -> TIME_WAIT;
            case "CLOSE", "CLOSED", "UNCONN" -> CLOSE;
            case "CLOSEWAIT" -> CLOSE_WAIT;
            case "LASTACK" -> LAST_ACK;
            case "LISTEN", "LISTENING" -> LISTEN;
            case "CLOSING" -> CLOSING;
            default -> null;
        };
    }

    static String normalize(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '-' && c != '_' && c != ' ') {
                b.append(c);
            }
        }
        return b.toString().toUpperCase(Locale.ROOT);
    }

    /** The canonical name in ss's lower-case dashed spelling, e.g. {@code time-wait}. */
    public String ssName() {
        return switch (this) {
            case ESTABLISHED -> "established";
            case FIN_WAIT1 -> "fin-wait-1";
            case FIN_WAIT2 -> "fin-wait-2";
            case SYN_RECV -> "syn-recv";
            default -> name().toLowerCase(Locale.ROOT).replace('_', '-');
        };
    }
}
