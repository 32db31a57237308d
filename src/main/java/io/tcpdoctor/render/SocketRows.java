package io.tcpdoctor.render;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TimerKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code list}'s rows as text, CSV or JSON, written as they arrive: a streamed capture of millions of rows needs
 * the memory of one row (text looks ahead {@link #LOOKAHEAD} rows to size its address columns and decide on the
 * owner column). {@link #end} finishes the document, also when no row came.
 */
public abstract class SocketRows {
    /** Characters of text rows gathered before they are written. */
    static final int BATCH = 8192;

    /** Rows text output reads before it prints the header, to size the columns. */
    public static final int LOOKAHEAD = 1000;

    /** Rows written so far. */
    protected long count;

    /** Takes one row. */
    public abstract void row(SocketRecord r);

    /** Finishes the output (header of an empty table, closing bracket). */
    public abstract void end();

    /**
     * Writes out the rows taken so far that are still held back (text gathers them in a buffer), without
     * finishing the document: for an error in the middle of a listing, after which the rows before it must
     * still show.
     */
    public void flush() {
    }

    /** Rows seen. */
    public long count() {
        return count;
    }

    /** The renderer for a format; {@code owners}: show the owner column even if no looked-at row has one. */
    public static SocketRows of(Format f, PrintWriter out, boolean owners) {
        return switch (f) {
            case JSON -> new JsonRows(out);
            case CSV -> new CsvRows(out);
            default -> new TextRows(out, owners);
        };
    }

    /** Timer text: {@code kind:seconds} such as {@code timewait:42.1s}, or {@code -} when none. */
    public static String timer(SocketRecord r) {
        if (r.timer() == null || r.timer() == TimerKind.OFF) {
            return "-";
        }
        if (r.timerMs() < 0) {
            return r.timer().label();
        }
        // Tenths of a second by arithmetic: String.format per row costs more than the rest of the row.
        long tenths = (r.timerMs() + 50) / 100;
        return r.timer().label() + ":" + tenths / 10 + "." + tenths % 10 + "s";
    }

    /** {@code pid/name}, the name alone, or {@code -} for no owner. */
    public static String owner(SocketRecord r) {
        if (r.owner() != null) {
            String name = r.owner().name() == null ? "?" : r.owner().name();
            return r.owner().pid() >= 0 ? r.owner().pid() + "/" + name : name;
        }
        return "-";
    }

    /** netstat-like columns. */
    static final class TextRows extends SocketRows {
        private final PrintWriter out;
        private final List<SocketRecord> ahead = new ArrayList<>();
        private boolean showOwner;
        private int w = 21;
        private boolean started;
        /**
         * Rows are written into this buffer as UTF-8 and handed to the output about {@value #BATCH} bytes at a time:
         * each write passes the terminal filter and synchronized writers, a cost per call that a short command (C1
         * only) would pay once per row; and bytes go past the character encoder ({@link ByteWriter}).
         */
        private byte[] row = new byte[BATCH + 160];
        private int len;
        /** Bytes in {@link #row} beyond one per character (those of non-ASCII characters): columns count characters. */
        private int extra;

        TextRows(PrintWriter out, boolean owners) {
            this.out = out;
            this.showOwner = owners;
        }

        @Override
        public void row(SocketRecord r) {
            count++;
            if (started) {
                line(r);
                return;
            }
            ahead.add(r);
            if (ahead.size() >= LOOKAHEAD) {
                start();
            }
        }

        private void start() {
            started = true;
            for (SocketRecord r : ahead) {
                showOwner |= r.owner() != null;
                if (r.local().isV6() || r.remote().isV6() || r.local().address() == null || r.remote().address() == null) {
                    w = Math.max(w, Math.max(Terminal.field(r.local().toString()).length(),
                            Terminal.field(r.remote().toString()).length()));
                }
            }
            StringBuilder head = new StringBuilder(header(w));
            if (showOwner) {
                head.append(" PID/Program");
            }
            out.println(head.toString().stripTrailing());
            for (SocketRecord r : ahead) {
                line(r);
            }
            ahead.clear();
        }

        /**
         * The column titles for address columns {@code w} wide, padded as the rows are (by hand: the first
         * String.format of a run sets up its format parser, about 10 ms).
         */
        static String header(int w) {
            StringBuilder b = new StringBuilder(128);
            pad(b, "Proto", -5).append(' ');
            pad(b, "Recv-Q", 6).append(' ');
            pad(b, "Send-Q", 6).append(' ');
            pad(b, "Local Address", -w).append(' ');
            pad(b, "Peer Address", -w).append(' ');
            pad(b, "State", -11).append(' ');
            pad(b, "Timer", -16).append(' ');
            pad(b, "Retrans", 7).append(' ');
            pad(b, "UID", 5).append(' ');
            return pad(b, "Inode", 9).toString();
        }

        /** {@code s} in a column {@code |width|} wide: right-aligned for a positive width, left for a negative. */
        private static StringBuilder pad(StringBuilder b, String s, int width) {
            int gap = Math.max(0, Math.abs(width) - s.length());
            if (width < 0) {
                b.append(s);
            }
            b.repeat(' ', gap);
            return width < 0 ? b : b.append(s);
        }

        /**
         * One row, written straight into a reused character buffer: a String, a Formatter or a concatenation per
         * field would cost more than reading the socket did.
         */
        private void line(SocketRecord r) {
            int at = col();
            text(r.proto());
            pad(at, 5);
            num(r.recvQ(), 6);
            num(r.sendQ(), 6);
            at = col();
            endpoint(r.local());
            pad(at, w);
            at = col();
            endpoint(r.remote());
            pad(at, w);
            at = col();
            text(r.state().name());
            pad(at, 11);
            at = col();
            timerText(r);
            pad(at, 16);
            num(r.retrans(), 7);
            num(r.uid(), 5);
            num(r.inode(), 9);
            len--; // no blank after the last column
            if (showOwner) {
                text(" ");
                ownerText(r);
            }
            ensure(1);
            row[len++] = '\n';
            if (len >= BATCH) {
                drain();
            }
        }

        /**
         * Hands the rows gathered in the buffer to the output; past the terminal filter when there is one, since a
         * row holds only what the filter lets through unchanged (ASCII, and owners escaped by Terminal.field).
         */
        private void drain() {
            if (out instanceof Terminal.Protected p) {
                p.writeSafe(row, 0, len);
            } else {
                ByteWriter.writeUtf8(out, row, 0, len);
            }
            len = 0;
            extra = 0;
        }

        @Override
        public void flush() {
            if (!started) {
                // An error before any row leaves no header behind, as CSV and JSON leave no half document.
                if (count == 0) {
                    out.flush();
                    return;
                }
                start();
            }
            drain();
            out.flush();
        }

        private void ensure(int more) {
            if (len + more > row.length) {
                row = java.util.Arrays.copyOf(row, Math.max(row.length * 2, len + more));
            }
        }

        /** The characters in the buffer: where a column starts, for {@link #pad}. */
        private int col() {
            return len - extra;
        }

        private void text(String s) {
            int n = s.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    len -= i;
                    wide(s);
                    return;
                }
                row[len++] = (byte) c;
            }
        }

        /** Text with a non-ASCII character (a process name, say), encoded as the JDK's UTF-8 encoder does. */
        private void wide(String s) {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ensure(b.length);
            System.arraycopy(b, 0, row, len, b.length);
            len += b.length;
            extra += b.length - s.length();
        }

        /** Blanks up to {@code width} characters after column {@code start}, then the blank between columns. */
        private void pad(int start, int width) {
            int gap = Math.max(0, width - (col() - start)) + 1;
            ensure(gap);
            java.util.Arrays.fill(row, len, len + gap, (byte) ' ');
            len += gap;
        }

        /** A number right-aligned in {@code width}, {@code ?} when negative (unknown), then a blank. */
        private void num(long v, int width) {
            int digits = v < 0 ? 1 : digits(v);
            int lead = Math.max(0, width - digits);
            ensure(lead + digits + 1);
            java.util.Arrays.fill(row, len, len + lead, (byte) ' ');
            len += lead;
            if (v < 0) {
                row[len++] = '?';
            } else {
                decimal(v, digits);
            }
            row[len++] = ' ';
        }

        /**
         * The digits of {@code v >= 0}, by multiplying rather than dividing: C1, which runs the short commands, keeps
         * a division by ten a division instruction (the optimizing compiler would turn it into a multiplication).
         */
        private static int digits(long v) {
            int d = 1;
            for (long p = 10; d < 19 && v >= p; p *= 10) {
                d++;
            }
            return d;
        }

        /** {@code v >= 0} in {@code digits} digits; below 2^31 each digit by a multiplication and a shift (n / 10). */
        private void decimal(long v, int digits) {
            int i = len + digits - 1;
            for (; v > Integer.MAX_VALUE; v /= 10) {
                row[i--] = (byte) ('0' + v % 10);
            }
            int n = (int) v;
            while (n >= 10) {
                int q = (int) ((n * 3435973837L) >>> 35);
                row[i--] = (byte) ('0' + n - q * 10);
                n = q;
            }
            row[i] = (byte) ('0' + n);
            len += digits;
        }

        /** {@code addr:port} as {@link io.tcpdoctor.model.Endpoint#toString} gives it, escaped for the terminal. */
        private void endpoint(io.tcpdoctor.model.Endpoint e) {
            java.net.InetAddress a = e.address();
            if (a instanceof java.net.Inet4Address) {
                byte[] b = a.getAddress();
                ensure(16);
                for (int i = 0; i < 4; i++) {
                    if (i > 0) {
                        row[len++] = '.';
                    }
                    int v = b[i] & 0xff;
                    decimal(v, digits(v));
                }
            } else if (a instanceof java.net.Inet6Address) {
                ensure(io.tcpdoctor.model.Addresses.V6_TEXT + 2);
                row[len++] = '[';
                len = io.tcpdoctor.model.Addresses.formatV6(a.getAddress(), row, len);
                row[len++] = ']';
            } else {
                text(Terminal.field(e.addressText()));
            }
            ensure(12);
            row[len++] = ':';
            int port = e.port();
            if (port == 0) {
                row[len++] = '*';
            } else if (port < 0) {
                row[len++] = '?';
            } else {
                decimal(port, digits(port));
            }
        }

        /**
         * The owner column as {@link SocketRows#owner} gives it, escaped for the terminal, without making its text
         * first (the pid is digits and the slash safe: only the name can need escapes).
         */
        private void ownerText(SocketRecord r) {
            io.tcpdoctor.model.Owner o = r.owner();
            if (o == null) {
                text("-");
                return;
            }
            if (o.pid() >= 0) {
                ensure(21);
                decimal(o.pid(), digits(o.pid()));
                row[len++] = '/';
            }
            text(o.name() == null ? "?" : Terminal.field(o.name()));
        }

        /** The timer column as {@link SocketRows#timer} gives it. */
        private void timerText(SocketRecord r) {
            if (r.timer() == null || r.timer() == TimerKind.OFF) {
                text("-");
                return;
            }
            text(r.timer().label());
            if (r.timerMs() < 0) {
                return;
            }
            long tenths = (r.timerMs() + 50) / 100;
            ensure(24);
            row[len++] = ':';
            decimal(tenths / 10, digits(tenths / 10));
            row[len++] = '.';
            row[len++] = (byte) ('0' + tenths % 10);
            row[len++] = 's';
        }

        @Override
        public void end() {
            if (!started) {
                start();
            }
            flush();
        }
    }

    /** The documented CSV columns, with a header row. */
    static final class CsvRows extends SocketRows {
        private final PrintWriter out;

        CsvRows(PrintWriter out) {
            this.out = out;
        }

        private void header() {
            Csv.row(out, "proto", "state", "local_address", "local_port", "remote_address", "remote_port", "recv_q", "send_q",
                    "timer", "timer_ms", "retrans", "uid", "inode", "pid", "process", "user");
        }

        @Override
        public void row(SocketRecord r) {
            if (count++ == 0) {
                header();
            }
            Csv.row(out, r.proto(), r.state().name(), r.local().addressText(), r.local().port(), r.remote().addressText(),
                    r.remote().port(), r.recvQ(), r.sendQ(), r.timer() == null ? null : r.timer().label(), r.timerMs(),
                    r.retrans(), r.uid() < 0 ? null : r.uid(), r.inode() < 0 ? null : r.inode(),
                    r.owner() == null || r.owner().pid() < 0 ? null : r.owner().pid(),
                    r.owner() == null ? null : r.owner().name(), r.user());
        }

        @Override
        public void end() {
            if (count == 0) {
                header();
            }
            out.flush();
        }
    }

    /** The documented array: one object per socket with snake_case keys. */
    static final class JsonRows extends SocketRows {
        private final PrintWriter out;
        private final JsonGenerator g;

        JsonRows(PrintWriter out) {
            this.out = out;
            this.g = Json.generator(out);
            g.useDefaultPrettyPrinter();
        }

        private interface Step {
            void run() throws IOException;
        }

        private static void io(Step s) {
            try {
                s.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void row(SocketRecord r) {
            // The array opens with the first row: an error before any row leaves no half document.
            if (count++ == 0) {
                io(g::writeStartArray);
            }
            io(() -> {
                g.writeStartObject();
                g.writeStringField("proto", r.proto());
                g.writeStringField("state", r.state().name());
                g.writeStringField("local_address", r.local().addressText());
                g.writeNumberField("local_port", r.local().port());
                g.writeStringField("remote_address", r.remote().addressText());
                g.writeNumberField("remote_port", r.remote().port());
                g.writeNumberField("recv_q", r.recvQ());
                g.writeNumberField("send_q", r.sendQ());
                g.writeStringField("timer", r.timer() == null ? null : r.timer().label());
                g.writeNumberField("timer_ms", r.timerMs());
                g.writeNumberField("retrans", r.retrans());
                nullableNumber("uid", r.uid());
                nullableNumber("inode", r.inode());
                nullableNumber("pid", r.owner() == null ? -1 : r.owner().pid());
                g.writeStringField("process", r.owner() == null ? null : r.owner().name());
                g.writeStringField("user", r.user());
                g.writeEndObject();
            });
        }

        private void nullableNumber(String key, long v) throws IOException {
            if (v < 0) {
                g.writeNullField(key);
            } else {
                g.writeNumberField(key, v);
            }
        }

        @Override
        public void end() {
            io(() -> {
                if (count == 0) {
                    g.writeStartArray();
                }
                g.writeEndArray();
                g.flush();
            });
            out.println();
            out.flush();
        }
    }
}
