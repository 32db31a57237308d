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
            int d = b >= '0' && b <= '9' ? b - '0' : b >= 'A' && b <= 'F' ? b - 'A' + 10 : b >= 'a' && b <= 'f' ? b - 'a' + 10 : -1;
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
