package io.tcpdoctor.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TimerKind;
import io.tcpdoctor.query.SnapshotProvider;
import io.tcpdoctor.query.SocketFilter;
import io.tcpdoctor.render.Csv;
import io.tcpdoctor.render.Json;
import io.tcpdoctor.render.Terminal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tcpdoctor list}: one row per socket, like {@code netstat -antp} or {@code ss -tanp}. */
@Command(name = "list", sortOptions = false,
        description = {"List TCP sockets, one per row, like netstat -antp / ss -tanop.",
                "TIME_WAIT and SYN_RECV sockets have no owner: the kernel keeps no process for them."},
        footer = {"", "Examples:",
                "  tcpdoctor list --state close-wait -p",
                "  tcpdoctor list --dport 3306 --state time-wait --format csv",
                "  tcpdoctor list -p --process java --format json"})
public class ListCommand extends BaseCommand {
    @Option(names = {"-p", "--processes"}, description = "Show the owning process (pid and name), like netstat -p.")
    boolean processes;

    @Mixin
    FilterOptions filters = new FilterOptions();

    @Mixin
    SourceOptions source = new SourceOptions();

    @Override
    public Integer call() {
        SocketFilter filter = usage(filters::toFilter);
        var fmt = format();
        SnapshotProvider provider = source.open();
        Snapshot snap = provider.take(filter, new SnapshotProvider.Needs(processes, false, false));
        printNotes(snap);
        if (!snap.hasRecords()) {
            throw new io.tcpdoctor.TcpdoctorException(io.tcpdoctor.ExitCode.BAD_INPUT,
                    "list needs per-socket rows, but " + provider.describe() + " has totals only; use 'states'");
        }
        boolean showOwner = processes || filter.needsOwners() || snap.sockets().stream().anyMatch(r -> r.owner() != null);
        switch (fmt) {
            case JSON -> json(out(), snap.sockets());
            case CSV -> csv(out(), snap.sockets());
            default -> text(out(), snap.sockets(), showOwner);
        }
        return 0;
    }

    /** Timer text: {@code kind:seconds} such as {@code timewait:42.1s}, or {@code -} when none. */
    static String timer(SocketRecord r) {
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

    static String owner(SocketRecord r) {
        if (r.owner() != null) {
            return r.owner().pid() >= 0 ? r.owner().pid() + "/" + nz(r.owner().name()) : nz(r.owner().name());
        }
        return "-";
    }

    private static String nz(String s) {
        return s == null ? "?" : s;
    }

    private static String num(long v) {
        return v < 0 ? "?" : Long.toString(v);
    }

    private static void text(PrintWriter out, List<SocketRecord> rows, boolean showOwner) {
        int w = 21;
        for (SocketRecord r : rows) {
            if (r.local().isV6() || r.remote().isV6() || r.local().address() == null || r.remote().address() == null) {
                w = Math.max(w, Math.max(r.local().toString().length(), r.remote().toString().length()));
            }
        }
        String fmt = "%-5s %6s %6s %-" + w + "s %-" + w + "s %-11s %-16s %7s %5s %9s";
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, fmt, "Proto", "Recv-Q", "Send-Q",
                "Local Address", "Peer Address", "State", "Timer", "Retrans", "UID", "Inode"));
        if (showOwner) {
            head.append(" PID/Program");
        }
        out.println(head.toString().stripTrailing());
        StringBuilder b = new StringBuilder(160);
        for (SocketRecord r : rows) {
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
            if (out.checkError()) {
                return;
            }
        }
    }

    private static StringBuilder pad(StringBuilder b, String s, int width, boolean right) {
        int gap = width - s.length();
        if (right) {
            for (int i = 0; i < gap; i++) {
                b.append(' ');
            }
            b.append(s);
        } else {
            b.append(s);
            for (int i = 0; i < gap; i++) {
                b.append(' ');
            }
        }
        return b;
    }

    private static void csv(PrintWriter out, List<SocketRecord> rows) {
        Csv.row(out, "proto", "state", "local_address", "local_port", "remote_address", "remote_port", "recv_q", "send_q",
                "timer", "timer_ms", "retrans", "uid", "inode", "pid", "process", "user");
        for (SocketRecord r : rows) {
            Csv.row(out, r.proto(), r.state().name(), r.local().addressText(), r.local().port(), r.remote().addressText(),
                    r.remote().port(), r.recvQ(), r.sendQ(), r.timer() == null ? null : r.timer().label(), r.timerMs(),
                    r.retrans(), r.uid() < 0 ? null : r.uid(), r.inode() < 0 ? null : r.inode(),
                    r.owner() == null || r.owner().pid() < 0 ? null : r.owner().pid(),
                    r.owner() == null ? null : r.owner().name(), r.user());
            if (out.checkError()) {
                return;
            }
        }
    }

    /** Streams the documented array: one object per socket with snake_case keys. */
    static void json(PrintWriter out, List<SocketRecord> rows) {
        try {
            JsonGenerator g = Json.generator(out);
            g.useDefaultPrettyPrinter();
            g.writeStartArray();
            for (SocketRecord r : rows) {
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
                nullableNumber(g, "uid", r.uid());
                nullableNumber(g, "inode", r.inode());
                nullableNumber(g, "pid", r.owner() == null ? -1 : r.owner().pid());
                g.writeStringField("process", r.owner() == null ? null : r.owner().name());
                g.writeStringField("user", r.user());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.flush();
            out.println();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void nullableNumber(JsonGenerator g, String key, long v) throws IOException {
        if (v < 0) {
            g.writeNullField(key);
        } else {
            g.writeNumberField(key, v);
        }
    }
}
