package io.tcpdoctor.bench;

import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.TimerKind;
import io.tcpdoctor.render.ByteWriter;
import io.tcpdoctor.render.Format;
import io.tcpdoctor.render.SocketRows;
import io.tcpdoctor.render.Terminal;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * list's text rows: 10,000 sockets (half IPv4, half IPv6, with owners) through the same writer chain as the
 * command (terminal filter, standard output's {@link ByteWriter}), against the former row code that built a String per field.
 * Per-row cost = score / rows. Run it also under C1 only, as the launcher runs short commands:
 * {@code java -jar target/jmh/benchmarks.jar SocketRowsBench -jvmArgsAppend -XX:TieredStopAtLevel=1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SocketRowsBench {
    @Param({"10000"})
    public int rows;

    private List<SocketRecord> records;

    @Setup
    public void setup() throws Exception {
        records = new ArrayList<>(rows);
        InetAddress v4 = InetAddress.getByName("127.0.3.77");
        InetAddress v6 = InetAddress.getByName("2001:db8::17");
        for (int i = 0; i < rows; i++) {
            boolean six = i % 2 == 1;
            InetAddress a = six ? v6 : v4;
            TcpState s = i % 5 == 0 ? TcpState.TIME_WAIT : TcpState.ESTABLISHED;
            rows(records, six, s, a, i);
        }
    }

    private static void rows(List<SocketRecord> out, boolean six, TcpState s, InetAddress a, int i) {
        out.add(new SocketRecord(six, s, Endpoint.of(a, 1024 + i % 60000), Endpoint.of(a, 8080), 0, i % 7,
                s == TcpState.TIME_WAIT ? TimerKind.TIMEWAIT : TimerKind.OFF, 42_200, 0, 1000,
                s == TcpState.TIME_WAIT ? 0 : 100_000 + i, null, s == TcpState.TIME_WAIT ? null : new Owner(4242, "java"), null));
    }

    private static PrintWriter out() {
        // The chain Main and the launcher build for standard output.
        return Terminal.protect(new ByteWriter(OutputStream.nullOutputStream(), 1 << 16));
    }

    @Benchmark
    public long textRows() {
        SocketRows r = SocketRows.of(Format.TEXT, out(), true);
        records.forEach(r::row);
        r.end();
        return r.count();
    }

    /** The former row code: a String per field, padded into a StringBuilder, printed with println. */
    @Benchmark
    public long stringPerField() {
        PrintWriter out = out();
        StringBuilder b = new StringBuilder(160);
        int w = 21;
        for (SocketRecord r : records) {
            b.setLength(0);
            pad(b, r.proto(), 5, false).append(' ');
            pad(b, num(r.recvQ()), 6, true).append(' ');
            pad(b, num(r.sendQ()), 6, true).append(' ');
            pad(b, Terminal.field(r.local().toString()), w, false).append(' ');
            pad(b, Terminal.field(r.remote().toString()), w, false).append(' ');
            pad(b, r.state().name(), 11, false).append(' ');
            pad(b, SocketRows.timer(r), 16, false).append(' ');
            pad(b, num(r.retrans()), 7, true).append(' ');
            pad(b, r.uid() < 0 ? "?" : Integer.toString(r.uid()), 5, true).append(' ');
            pad(b, num(r.inode()), 9, true);
            b.append(' ').append(Terminal.field(SocketRows.owner(r)));
            out.println(b);
        }
        out.flush();
        return records.size();
    }

    private static String num(long v) {
        return v < 0 ? "?" : Long.toString(v);
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
