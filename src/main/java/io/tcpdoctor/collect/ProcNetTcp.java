package io.tcpdoctor.collect;

import io.tcpdoctor.model.Addresses;
import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.TimerKind;

/**
 * Parser for one row of /proc/net/tcp or /proc/net/tcp6:
 * {@code sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...}. Addresses are 32-bit words in
 * host byte order (little-endian on the machines this targets), ports hex; {@code when} is in USER_HZ ticks.
 */
public final class ProcNetTcp {
    private ProcNetTcp() {
    }

    /** USER_HZ: /proc/net/tcp timers are clock ticks of 10 ms. */
    private static final int MS_PER_TICK = 10;

    /** True for the header line {@code sl local_address ...}. */
    public static boolean isHeader(String line) {
        return line.stripLeading().startsWith("sl ");
    }

    /**
     * Parses one data row; {@code users} (nullable) turns uids into names.
     *
     * @throws IllegalArgumentException saying what is wrong with the row
     */
    public static SocketRecord parse(String line, UidNames users) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10 || !f[0].endsWith(":")) {
            throw new IllegalArgumentException("not a /proc/net/tcp row (expected at least 10 fields)");
        }
        Endpoint local = endpoint(f[1]);
        Endpoint remote = endpoint(f[2]);
        boolean v6 = f[1].indexOf(':') == 32;
        int st = hex(f[3]);
        TcpState state = TcpState.fromKernel(st);
        if (state == null) {
            throw new IllegalArgumentException("unknown state number " + f[3]);
        }
        int colon = f[4].indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("bad tx_queue:rx_queue field " + f[4]);
        }
        long tx = Long.parseUnsignedLong(f[4].substring(0, colon), 16);
        long rx = Long.parseUnsignedLong(f[4].substring(colon + 1), 16);
        int colon2 = f[5].indexOf(':');
        if (colon2 < 0) {
            throw new IllegalArgumentException("bad tr:when field " + f[5]);
        }
        TimerKind timer = TimerKind.fromKernel(hex(f[5].substring(0, colon2)));
        long when = Long.parseUnsignedLong(f[5].substring(colon2 + 1), 16);
        // The kernel prints a negative (already expired) delta as a huge unsigned value.
        long timerMs = timer == TimerKind.OFF ? 0 : (when > 0xffffffffL ? 0 : when * MS_PER_TICK);
        int retrans = hex(f[6]);
        int uid = Integer.parseInt(f[7]);
        long inode = Long.parseLong(f[9]);
        return new SocketRecord(v6, state, local, remote, rx, tx, timer, timerMs, retrans, uid, inode,
                users == null ? null : users.name(uid), null, null);
    }

    /** Reads only the state of a row: the count-only path. Returns null for a header or a damaged row. */
    public static TcpState stateOf(String line) {
        int i = 0;
        int n = line.length();
        int field = 0;
        while (i < n) {
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < n && line.charAt(i) != ' ') {
                i++;
            }
            if (field == 3 && i - start == 2) {
                int hi = Character.digit(line.charAt(start), 16);
                int lo = Character.digit(line.charAt(start + 1), 16);
                return hi < 0 || lo < 0 ? null : TcpState.fromKernel(hi * 16 + lo);
            }
            field++;
        }
        return null;
    }

    /**
     * The count-only path over the raw bytes of /proc/net/tcp or tcp6, fed in chunks of any size: reads the state
     * field of each row in place and counts it, without a String per row. The header and damaged rows count nothing.
     */
    public static final class StateCounter {
        private final boolean[] wanted = new boolean[TcpState.count()];
        private final StateCounts counts;
        private int field = -1;
        private boolean inField;
        private int digits;
        private int value;

        /** Counts the rows in {@code states} into {@code counts}. */
        public StateCounter(java.util.Set<TcpState> states, StateCounts counts) {
            for (TcpState s : states) {
                wanted[s.ordinal()] = true;
            }
            this.counts = counts;
        }

        /** Feeds the next {@code len} bytes of the file. */
        public void accept(byte[] buf, int len) {
            for (int i = 0; i < len; i++) {
                byte b = buf[i];
                if (b == ' ' || b == '\n') {
                    if (inField) {
                        endField();
                    }
                    if (b == '\n') {
                        field = -1;
                    }
                } else if (inField) {
                    digit(b);
                } else {
                    inField = true;
                    field++;
                    digits = 0;
                    value = 0;
                    digit(b);
                }
            }
        }

        /** Ends the file (a last row without a newline still counts). */
        public void end() {
            if (inField) {
                endField();
            }
            field = -1;
        }

        private void digit(byte b) {
            if (field != 3) {
                return;
            }
            int d = HEX[b & 0xff];
            // A non-hex character makes the field too long to be a state.
            digits = d < 0 ? 3 : digits + 1;
            value = value * 16 + d;
        }

        private void endField() {
            inField = false;
            if (field == 3 && digits == 2) {
                TcpState s = TcpState.fromKernel(value);
                if (s != null && wanted[s.ordinal()]) {
                    counts.add(s);
                }
            }
        }
    }

    /**
     * The record path over the raw bytes of /proc/net/tcp or tcp6: each row's fields are read in place, without a
     * String, a regular expression or a substring per field ({@link #parse} took about 15 us a row before the
     * compiler had caught up, longer than netlink's native binding costs for a few thousand sockets). Gives the
     * same record as {@link #parse} for every row the kernel writes; null for the header and for a damaged row.
     */
    public static SocketRecord parse(byte[] b, int from, int to, UidNames users) {
        return parse(b, from, to, users, new RecentEndpoints());
    }

    /**
     * {@link #parse(byte[], int, int, UidNames)} of one row of a table read row after row, reusing the endpoints of
     * the row before where they are the same.
     */
    public static SocketRecord parse(byte[] b, int from, int to, UidNames users, RecentEndpoints recent) {
        int[] at = new int[2 * 10];
        if (!fields(b, from, to, at) || b[at[1] - 1] != ':') {
            return null;
        }
        Endpoint local = endpoint(b, at[2], at[3], recent, true);
        Endpoint remote = endpoint(b, at[4], at[5], recent, false);
        int st = (int) hex(b, at[6], at[7], 0xff);
        TcpState state = st < 0 ? null : TcpState.fromKernel(st);
        int txEnd = indexOf(b, at[8], at[9], (byte) ':');
        int trEnd = indexOf(b, at[10], at[11], (byte) ':');
        if (local == null || remote == null || state == null || txEnd < 0 || trEnd < 0) {
            return null;
        }
        long tx = hex(b, at[8], txEnd, -1);
        long rx = hex(b, txEnd + 1, at[9], -1);
        long tr = hex(b, at[10], trEnd, Integer.MAX_VALUE);
        long when = hex(b, trEnd + 1, at[11], -1);
        long retrans = hex(b, at[12], at[13], Integer.MAX_VALUE);
        long uid = decimal(b, at[14], at[15], Integer.MAX_VALUE);
        long inode = decimal(b, at[18], at[19], Long.MAX_VALUE);
        if (tx == BAD || rx == BAD || tr == BAD || when == BAD || retrans == BAD || uid == BAD || inode == BAD) {
            return null;
        }
        TimerKind timer = TimerKind.fromKernel((int) tr);
        // The kernel prints a negative (already expired) delta as a huge unsigned value.
        long timerMs = timer == TimerKind.OFF || Long.compareUnsigned(when, 0xffffffffL) > 0 ? 0 : when * MS_PER_TICK;
        boolean v6 = indexOf(b, at[2], at[3], (byte) ':') - at[2] == 32;
        return new SocketRecord(v6, state, local, remote, rx, tx, timer, timerMs, (int) retrans,
                (int) uid, inode, users == null ? null : users.name((int) uid), null, null);
    }

    /** The value of each byte as a hex digit, -1 for the others: a call per digit is slow before compilation. */
    private static final byte[] HEX = new byte[256];

    static {
        java.util.Arrays.fill(HEX, (byte) -1);
        for (int i = 0; i < 16; i++) {
            HEX["0123456789abcdef".charAt(i)] = (byte) i;
            HEX["0123456789ABCDEF".charAt(i)] = (byte) i;
        }
    }

    /** A test of a row by its state and receive queue. */
    @FunctionalInterface
    public interface RowTest {
        boolean test(TcpState state, long recvQ);
    }

    /**
     * True when the row {@code b[from, to)} passes the test: only its state and its receive queue (rx_queue: for a
     * listener, the connections waiting to be accepted) are read, in place. False for the header and a damaged row.
     */
    public static boolean passes(byte[] b, int from, int to, RowTest test) {
        int[] at = new int[2 * 5];
        if (!fields(b, from, to, at) || b[at[1] - 1] != ':') {
            return false;
        }
        long st = hex(b, at[6], at[7], 0xff);
        int colon = indexOf(b, at[8], at[9], (byte) ':');
        long rx = colon < 0 ? BAD : hex(b, colon + 1, at[9], -1);
        TcpState state = st == BAD ? null : TcpState.fromKernel((int) st);
        return state != null && rx != BAD && test.test(state, rx);
    }

    /** Finds the first {@code at.length / 2} fields of {@code b[from, to)}; false when the row has fewer. */
    private static boolean fields(byte[] b, int from, int to, int[] at) {
        int i = from;
        for (int f = 0; f < at.length / 2; f++) {
            while (i < to && (b[i] == ' ' || b[i] == '\t')) {
                i++;
            }
            if (i >= to) {
                return false;
            }
            at[2 * f] = i;
            while (i < to && b[i] != ' ' && b[i] != '\t') {
                i++;
            }
            at[2 * f + 1] = i;
        }
        return true;
    }

    /** What the field readers give for a field that is not a number within bounds. */
    private static final long BAD = Long.MIN_VALUE;

    /**
     * The hex number in {@code b[from, to)}, at most {@code max} (-1: any 64-bit value, read as unsigned), or
     * {@link #BAD}.
     */
    private static long hex(byte[] b, int from, int to, long max) {
        if (from >= to || to - from > 16) {
            return BAD;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = HEX[b[i] & 0xff];
            if (d < 0) {
                return BAD;
            }
            v = v << 4 | d;
            if (max >= 0 && v > max) {
                return BAD;
            }
        }
        return v;
    }

    /** The decimal number in {@code b[from, to)}, at most {@code max}, or {@link #BAD}. */
    private static long decimal(byte[] b, int from, int to, long max) {
        if (from >= to || to - from > 18) {
            return BAD;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return BAD;
            }
            v = v * 10 + d;
            if (v > max) {
                return BAD;
            }
        }
        return v;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * An address field {@code ADDR:PORT} in place: 8 or 32 hex digits in host-order 32-bit words; null if damaged.
     * The address is decoded into {@code recent}'s scratch bytes, and the endpoint is the one before when they and
     * the port are the same.
     */
    private static Endpoint endpoint(byte[] b, int from, int to, RecentEndpoints recent, boolean local) {
        int colon = indexOf(b, from, to, (byte) ':') - from;
        if (colon != 8 && colon != 32) {
            return null;
        }
        byte[] raw = recent.scratch;
        for (int w = 0; w < colon / 8; w++) {
            long word = hex(b, from + w * 8, from + w * 8 + 8, 0xffffffffL);
            if (word == BAD) {
                return null;
            }
            // Host byte order: the least significant byte comes first in memory.
            for (int k = 0; k < 4; k++) {
                raw[w * 4 + k] = (byte) (word >>> (8 * k));
            }
        }
        long port = hex(b, from + colon + 1, to, Integer.MAX_VALUE);
        if (port == BAD) {
            return null;
        }
        return local ? recent.local(raw, 0, colon / 2, (int) port) : recent.remote(raw, 0, colon / 2, (int) port);
    }

    static Endpoint endpoint(String text) {
        int colon = text.indexOf(':');
        if (colon != 8 && colon != 32) {
            throw new IllegalArgumentException("bad address field " + text);
        }
        byte[] raw = new byte[colon / 2];
        for (int w = 0; w < colon / 8; w++) {
            long word = Long.parseLong(text.substring(w * 8, w * 8 + 8), 16);
            // Host byte order: the least significant byte comes first in memory.
            for (int b = 0; b < 4; b++) {
                raw[w * 4 + b] = (byte) (word >>> (8 * b));
            }
        }
        int port = Integer.parseInt(text.substring(colon + 1), 16);
        return Endpoint.of(Addresses.of(raw), port);
    }

    private static int hex(String s) {
        return Integer.parseInt(s, 16);
    }
}
