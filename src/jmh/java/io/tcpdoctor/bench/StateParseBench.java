package io.tcpdoctor.bench;

import io.tcpdoctor.collect.ProcNetTcp;
import io.tcpdoctor.collect.RecentEndpoints;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
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
 * /proc/net/tcp row decoding: the count-only state read against the full record parse, from a String per row (the
 * saved-capture parser's way) and in place from the file's bytes (the live reader's way). The live reader runs under
 * C1 alone: {@code -jvmArgsAppend -XX:TieredStopAtLevel=1} measures that.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class StateParseBench {
    /** The rows' address family: 127.0.0.1 at both ends, or ::1. */
    @Param({"v4", "v6"})
    public String family;

    private String[] rows;
    private byte[] table;
    private int[] starts;

    @Setup
    public void setup() {
        String lo = family.equals("v6") ? "00000000000000000000000001000000" : "0100007F";
        rows = new String[1024];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = String.format("%4d: %s:%04X %s:1F90 %02X 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000",
                    i, lo, 30000 + i, lo, 1 + (i % 11));
        }
        table = String.join("\n", rows).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        starts = new int[rows.length + 1];
        for (int i = 0, at = 0; i < rows.length; i++) {
            starts[i] = at;
            at += rows[i].length() + 1;
        }
        starts[rows.length] = table.length + 1;
    }

    @Benchmark
    public long parseRecordsInPlace() {
        long n = 0;
        for (int i = 0; i < rows.length; i++) {
            n += ProcNetTcp.parse(table, starts[i], starts[i + 1] - 1, null).local().port();
        }
        return n;
    }

    /** As the live reader parses a table: one row after the other, the endpoints of the row before at hand. */
    @Benchmark
    public long parseRecordsInPlaceInSequence() {
        RecentEndpoints recent = new RecentEndpoints();
        long n = 0;
        for (int i = 0; i < rows.length; i++) {
            n += ProcNetTcp.parse(table, starts[i], starts[i + 1] - 1, null, recent).local().port();
        }
        return n;
    }

    @Benchmark
    public long countStatesOnly() {
        StateCounts c = new StateCounts();
        for (String r : rows) {
            TcpState s = ProcNetTcp.stateOf(r);
            if (s != null) {
                c.add(s);
            }
        }
        return c.total();
    }

    @Benchmark
    public long parseRecords() {
        long n = 0;
        for (String r : rows) {
            n += ProcNetTcp.parse(r, null).local().port();
        }
        return n;
    }
}
