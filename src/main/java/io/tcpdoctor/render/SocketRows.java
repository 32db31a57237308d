package io.tcpdoctor.render;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TimerKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code list}'s rows as text, CSV or JSON, written as they arrive: a streamed capture of millions of rows needs
 * the memory of one row (text looks ahead {@link #LOOKAHEAD} rows to size its address columns and decide on the
 * owner column). {@link #end} finishes the document, also when no row came.
 */
public abstract class SocketRows {
    /** Rows text output reads before it prints the header, to size the columns. */
    public static final int LOOKAHEAD = 1000;

    /** Rows written so far. */
    protected long count;

    /** Takes one row. */
    public abstract void row(SocketRecord r);

    /** Finishes the output (header of an empty table, closing bracket). */
    public abstract void end();

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

    private static String num(long v) {
        return v < 0 ? "?" : Long.toString(v);
    }

    /** netstat-like columns. */
    static final class TextRows extends SocketRows {
        private final PrintWriter out;
        private final List<SocketRecord> ahead = new ArrayList<>();
        private boolean showOwner;
        private int w = 21;
        private boolean started;
        private final StringBuilder b = new StringBuilder(160);

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
            String fmt = "%-5s %6s %6s %-" + w + "s %-" + w + "s %-11s %-16s %7s %5s %9s";
            StringBuilder head = new StringBuilder(String.format(Locale.ROOT, fmt, "Proto", "Recv-Q", "Send-Q",
                    "Local Address", "Peer Address", "State", "Timer", "Retrans", "UID", "Inode"));
            if (showOwner) {
                head.append(" PID/Program");
            }
            out.println(head.toString().stripTrailing());
            for (SocketRecord r : ahead) {
                line(r);
            }
            ahead.clear();
        }

        private void line(SocketRecord r) {
            b.setLength(0);
            pad(b, r.proto(), 5, false).append(' ');
            pad(b, num(r.recvQ()), 6, true).append(' ');
            pad(b, num(r.sendQ()), 6, true).append(' ');
            pad(b, Terminal.field(r.local().toString()), w, false).append(' ');
            pad(b, Terminal.field(r.remote().toString()), w, false).append(' ');
            pad(b, r.state().name(), 11, false).append(' ');
            pad(b, timer(r), 16, false).append(' ');
            pad(b, num(r.retrans()), 7, true).append(' ');
            pad(b, r.uid() < 0 ? "?" : Integer.toString(r.uid()), 5, true).append(' ');
            pad(b, num(r.inode()), 9, true);
            if (showOwner) {
                b.append(' ').append(Terminal.field(owner(r)));
            }
            out.println(b);
        }

        @Override
        public void end() {
            if (!started) {
                start();
            }
            out.flush();
        }

        private static StringBuilder pad(StringBuilder b, String s, int width, boolean right) {
            int gap = width - s.length();
            if (right) {
                b.repeat(' ', Math.max(0, gap));
                b.append(s);
            } else {
                b.append(s);
                b.repeat(' ', Math.max(0, gap));
            }
            return b;
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
