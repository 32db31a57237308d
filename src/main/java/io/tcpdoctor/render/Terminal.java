package io.tcpdoctor.render;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Terminal escaping, in one place for every renderer: text that reaches a terminal never carries a control
 * character from outside (a process name set with prctl, a capture's bytes, a file name). Control characters
 * become visible escapes: {@code \x1b} for C0, DEL and C1, {@code \\u202e} for bidirectional overrides and line
 * separators. {@link #field} also escapes CR, LF and TAB, so a value never splits or reshapes a line;
 * {@link #protect} guards a whole output stream, keeping only the renderer's own newlines and tabs, and writes
 * {@code \\u00XX} escapes so that a JSON document (whose strings may hold C1 or bidi characters raw) stays valid.
 */
public final class Terminal {
    private Terminal() {
    }

    /** True for a character that must never reach a terminal raw (LF and TAB included). */
    public static boolean isUnsafe(char c) {
        if (c < 0x20 || c == 0x7f) {
            return true;
        }
        if (c < 0x80) {
            return false;
        }
        return c < 0xa0 // C1 controls, e.g. U+009B, the one-byte CSI
                || c == 0x061c // Arabic letter mark
                || c >= 0x200e && c <= 0x200f // LRM, RLM
                || c >= 0x2028 && c <= 0x202e // line and paragraph separators, bidi embeddings and overrides
                || c >= 0x2066 && c <= 0x2069; // bidi isolates
    }

    /** One value inside a line: every unsafe character, LF, CR and TAB included, as a visible escape. */
    public static String field(String s) {
        if (s == null) {
            return null;
        }
        int n = s.length();
        int i = 0;
        while (i < n && !isUnsafe(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n + 16).append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (isUnsafe(c)) {
                escape(b, c);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The stream filter's escape: always {@code \\u00XX}, which is also a valid escape inside a JSON string. */
    private static void escapeUnicode(StringBuilder b, char c) {
        String hex = "0123456789abcdef";
        b.append("\\u").append(hex.charAt(c >> 12)).append(hex.charAt((c >> 8) & 15))
                .append(hex.charAt((c >> 4) & 15)).append(hex.charAt(c & 15));
    }

    private static void escape(StringBuilder b, char c) {
        String hex = "0123456789abcdef";
        if (c < 0x100) {
            b.append("\\x").append(hex.charAt(c >> 4)).append(hex.charAt(c & 15));
        } else {
            b.append("\\u").append(hex.charAt(c >> 12)).append(hex.charAt((c >> 8) & 15))
                    .append(hex.charAt((c >> 4) & 15)).append(hex.charAt(c & 15));
        }
    }

    /** A writer that escapes every unsafe character but the line feeds and tabs the renderer writes itself. */
    public static Protected protect(PrintWriter out) {
        return new Protected(out);
    }

    /**
     * What {@link #protect} gives: its text passes {@link Filter}, but text the caller has made safe already can
     * go around it ({@link #writeSafe}). Neither the filter nor this writer buffers, so the order of the two kinds of
     * writes is kept.
     */
    public static final class Protected extends PrintWriter {
        private final PrintWriter inner;

        Protected(PrintWriter inner) {
            super(new Filter(inner), false);
            this.inner = inner;
        }

        /**
         * Writes UTF-8 text with nothing the filter would change: printable ASCII, line feeds, and fields passed
         * through {@link Terminal#field}. The filter's look at each character cost list a tenth of its time of
         * writing 10,000 rows (C1 only).
         */
        public void writeSafe(byte[] utf8, int off, int len) {
            synchronized (lock) {
                ByteWriter.writeUtf8(inner, utf8, off, len);
            }
        }
    }

    /** The stream filter behind {@link #protect}. */
    static final class Filter extends Writer {
        private final Writer out;
        private final StringBuilder buf = new StringBuilder();

        Filter(Writer out) {
            super(out);
            this.out = out;
        }

        private static boolean blocked(char c) {
            return c != '\n' && c != '\t' && isUnsafe(c);
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            int start = off;
            int end = off + len;
            for (int i = off; i < end; i++) {
                char c = cbuf[i];
                // Printable ASCII, nearly every character, passes inline: under C1 alone (the short commands) a
                // call per character was a third of list's cost of writing its rows.
                if (c >= 0x20 && c < 0x7f) {
                    continue;
                }
                if (blocked(c)) {
                    out.write(cbuf, start, i - start);
                    buf.setLength(0);
                    escapeUnicode(buf, cbuf[i]);
                    out.write(buf.toString());
                    start = i + 1;
                }
            }
            out.write(cbuf, start, end - start);
        }

        @Override
        public void write(String s, int off, int len) throws IOException {
            int start = off;
            int end = off + len;
            for (int i = off; i < end; i++) {
                char c = s.charAt(i);
                if (c >= 0x20 && c < 0x7f) {
                    continue;
                }
                if (blocked(c)) {
                    out.write(s, start, i - start);
                    buf.setLength(0);
                    escapeUnicode(buf, s.charAt(i));
                    out.write(buf.toString());
                    start = i + 1;
                }
            }
            out.write(s, start, end - start);
        }

        @Override
        public void write(int c) throws IOException {
            if (blocked((char) c)) {
                buf.setLength(0);
                escapeUnicode(buf, (char) c);
                out.write(buf.toString());
            } else {
                out.write(c);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
