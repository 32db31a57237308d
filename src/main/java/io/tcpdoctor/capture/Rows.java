package io.tcpdoctor.capture;

import io.tcpdoctor.model.TcpState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Recognizes a plain Linux netstat row in bytes without branching per byte: eight bytes at a time become
 * bit masks (printable, space, other) with bit tricks on longs (SWAR), token starts are counted until the sixth,
 * which is then compared with the canonical state names. Everything else is left to
 * {@link LinuxNetstatParser}, so the two always agree. Reads never go past {@code limit}; near it a row is
 * simply not recognized here. The buffer (direct, so file reads need no extra copy) must be little-endian.
 */
final class Rows {
    private Rows() {
    }

    /** Result of {@link #scan} when the row is not a plain one: let the full parser decide. */
    static final long NOT_PLAIN = -1;
    /** Result of {@link #scan} for a carriage return inside a line: the streaming reader would end a line there. */
    static final long LONE_CR = -2;

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;
    private static final long LOW7 = 0x7f7f7f7f7f7f7f7fL;
    private static final long SPACES = ' ' * ONES;
    private static final long NEWLINES = '\n' * ONES;
    private static final long RETURNS = '\r' * ONES;

    private static final int[] NAME_LEN;
    private static final long[] NAME_HEAD;
    private static final byte[][] NAMES;
    private static final int[] ORDINAL;

    static {
        TcpState[] all = TcpState.all();
        NAME_LEN = new int[all.length];
        NAME_HEAD = new long[all.length];
        NAMES = new byte[all.length][];
        ORDINAL = new int[all.length];
        for (int i = 0; i < all.length; i++) {
            byte[] n = all[i].name().getBytes(StandardCharsets.US_ASCII);
            NAMES[i] = n;
            NAME_LEN[i] = n.length;
            long h = 0;
            for (int k = Math.min(8, n.length) - 1; k >= 0; k--) {
                h = (h << 8) | (n[k] & 0xff);
            }
            NAME_HEAD[i] = h;
            ORDINAL[i] = all[i].ordinal();
        }
    }

    /** Eight bytes at i, first byte lowest: the buffer must be little-endian. */
    private static long word(ByteBuffer b, int i) {
        return b.getLong(i);
    }

    /** High bit of each byte that equals the repeated byte {@code rep} (exact, no false positives). */
    private static long eq(long x, long rep) {
        long t = x ^ rep;
        return ~(((t & LOW7) + LOW7) | t) & HIGH;
    }

    /** Bytes of the window looked at in one go: a whole row of {@code netstat -antp} fits. */
    static final int WINDOW = 128;

    /**
     * Scans the line at p. Returns {@code (lineEnd << 8) | (ipv6 ? 0x80 : 0) | stateOrdinal} for a plain row
     * (lineEnd: index of its newline), {@link #NOT_PLAIN} or {@link #LONE_CR}. A plain row: the first token is
     * {@code tcp} or {@code tcp6}, the sixth is a canonical state name, and up to the end of that sixth token
     * there are only printable ASCII characters, spaces and tabs. Such a line reads the same way through
     * {@link LinuxNetstatParser}.
     */
    static long scan(ByteBuffer b, int p, int limit) {
        if (p + WINDOW > limit) {
            return NOT_PLAIN;
        }
        long w0 = word(b, p);
        if ((w0 & 0xffffffL) != 0x706374L) {
            return NOT_PLAIN;
        }
        boolean v6 = ((w0 >>> 24) & 0xff) == '6';
        int tokens = 0;
        long prevTok = 0;
        int start = -1;
        int end = -1;
        long endWord = 0;
        int endBase = 0;
        // Eight bytes per step until the sixth token has ended; a row's fixed layout makes the branches predictable.
        for (int base = 0; base < WINDOW; base += 8) {
            long x = word(b, p + base);
            long lo = x & LOW7;
            // High bit of each byte: tok for printable ASCII 0x21..0x7e, other for anything but those and space.
            long tok = (lo + 0x5f5f5f5f5f5f5f5fL) & ~(lo + ONES) & ~x & HIGH;
            long other = (~(lo + 0x6060606060606060L) | (lo + ONES) | x) & HIGH;
            if (base == 0 && Long.numberOfTrailingZeros(~tok & HIGH) >>> 3 != (v6 ? 4 : 3)) {
                return NOT_PLAIN;
            }
            long from = HIGH;
            if (start < 0) {
                long starts = tok & ~((tok << 8) | prevTok);
                int c = Long.bitCount(starts);
                if (tokens + c <= 5) {
                    tokens += c;
                    if (other != 0) {
                        // A line end, tab or non-ASCII byte before the state: the full parser decides.
                        return NOT_PLAIN;
                    }
                    prevTok = tok >>> 56;
                    continue;
                }
                for (int k = 5 - tokens; k > 0; k--) {
                    starts &= starts - 1;
                }
                int at = Long.numberOfTrailingZeros(starts);
                start = base + (at >>> 3);
                if ((other & ((1L << at) - 1)) != 0) {
                    return NOT_PLAIN;
                }
                from = HIGH & (-1L << at);
            }
            long rest = ~tok & from;
            if (rest != 0) {
                end = base + (Long.numberOfTrailingZeros(rest) >>> 3);
                endWord = x;
                endBase = base;
                break;
            }
        }
        if (end < 0) {
            return NOT_PLAIN;
        }
        byte t = b.get(p + end);
        if (!(t == ' ' || t == '\n' || t == '\r')) {
            return NOT_PLAIN;
        }
        int ord = state(b, p + start, end - start, limit);
        if (ord < 0) {
            return NOT_PLAIN;
        }
        // Short lines end in the word that holds the state's end: no further search then.
        long nl = (eq(endWord, NEWLINES) | eq(endWord, RETURNS)) & (-1L << (8 * (end - endBase)));
        int lineEnd = nl != 0 ? endAt(b, p + endBase + (Long.numberOfTrailingZeros(nl) >>> 3), limit)
                : lineEnd(b, p + endBase + 8, limit);
        if (lineEnd < 0) {
            return lineEnd == -2 ? LONE_CR : NOT_PLAIN;
        }
        return ((long) lineEnd << 8) | (v6 ? 0x80 : 0) | ord;
    }

    private static int state(ByteBuffer b, int s, int len, int limit) {
        if (s + 8 > limit) {
            return -1;
        }
        long head = word(b, s);
        if (len < 8) {
            head &= (1L << (8 * len)) - 1;
        }
        for (int i = 0; i < NAME_LEN.length; i++) {
            if (NAME_LEN[i] != len || NAME_HEAD[i] != head) {
                continue;
            }
            byte[] n = NAMES[i];
            int k = 8;
            while (k < len && b.get(s + k) == n[k]) {
                k++;
            }
            if (k >= len) {
                return ORDINAL[i];
            }
        }
        return -1;
    }

    /** Index of the newline ending the line (a CR right before it belongs to it), -1 when not found, -2 for a lone CR. */
    private static int lineEnd(ByteBuffer b, int q, int limit) {
        while (q + 8 <= limit) {
            long x = word(b, q);
            long m = eq(x, NEWLINES) | eq(x, RETURNS);
            if (m != 0) {
                return endAt(b, q + (Long.numberOfTrailingZeros(m) >>> 3), limit);
            }
            q += 8;
        }
        while (q < limit) {
            byte x = b.get(q);
            if (x == '\n' || x == '\r') {
                return endAt(b, q, limit);
            }
            q++;
        }
        return -1;
    }

    /** The line end for the first CR or LF at i: i for LF, i + 1 for CR LF, -2 for a lone CR, -1 when unknown. */
    private static int endAt(ByteBuffer b, int i, int limit) {
        if (b.get(i) == '\n') {
            return i;
        }
        if (i + 1 < limit && b.get(i + 1) == '\n') {
            return i + 1;
        }
        return i + 1 < limit ? -2 : -1;
    }
}
