package io.tcpdoctor.bench;

import io.tcpdoctor.capture.CaptureReader;
import io.tcpdoctor.capture.CaptureSink;
import io.tcpdoctor.capture.FastNetstatCounter;
import io.tcpdoctor.capture.LineReader;
import io.tcpdoctor.model.IpvsEntry;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
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
 * Counting the states of an in-memory {@code netstat -antp} capture: the byte-level count path (one and all
 * cores) against the streaming reader that decodes every line. Reported per line.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-XX:+UseParallelGC", "-Xmx2g"})
public class CaptureCountBench {
    @Param({"200000"})
    public int lines;

    private byte[] capture;

    @Setup
    public void setup() {
        String[] states = {"TIME_WAIT", "TIME_WAIT", "TIME_WAIT", "TIME_WAIT", "TIME_WAIT", "TIME_WAIT", "ESTABLISHED",
            "ESTABLISHED", "ESTABLISHED", "CLOSE_WAIT", "FIN_WAIT2", "SYN_RECV", "LAST_ACK", "FIN_WAIT1", "SYN_SENT",
            "CLOSING", "LISTEN"};
        String[] progs = {"1187/nginx: worker", "2231/java", "2231/java", "3306/mysqld", "911/redis-server", "1402/node"};
        Random r = new Random(42);
        StringBuilder b = new StringBuilder(lines * 90);
        b.append("Active Internet connections (servers and established)\n");
        b.append("Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    \n");
        for (int i = 0; i < lines; i++) {
            String s = states[r.nextInt(states.length)];
            String p = s.equals("TIME_WAIT") || s.equals("SYN_RECV") ? "-" : progs[r.nextInt(progs.length)];
            String local = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255) + ":" + (i % 3 == 0 ? 443 : 8080);
            String remote = "172.16." + r.nextInt(256) + "." + r.nextInt(256) + ":" + (32768 + r.nextInt(28232));
            b.append(String.format("%-5s %6d %6d %-23s %-23s %-11s %s%n", i % 10 == 3 ? "tcp6" : "tcp",
                    s.equals("CLOSE_WAIT") ? 1 : 0, 0, local, remote, s, p));
        }
        capture = b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Benchmark
    public long fastOneCore() throws IOException {
        return FastNetstatCounter.count(FastNetstatCounter.Source.of(capture), 1).recognized();
    }

    @Benchmark
    public long fastAllCores() throws IOException {
        return FastNetstatCounter.count(FastNetstatCounter.Source.of(capture), Runtime.getRuntime().availableProcessors()).recognized();
    }

    @Benchmark
    public long streamingReader() throws IOException {
        StateCounts c = new StateCounts();
        CaptureSink sink = new CaptureSink() {
            @Override
            public void socket(SocketRecord s) {
                c.add(s.state());
            }

            @Override
            public void count(TcpState state, long n) {
                c.add(state, n);
            }

            @Override
            public void ipvs(IpvsEntry e) {
            }

            @Override
            public void skip(long line, String why, String text) {
            }
        };
        try (LineReader in = new LineReader(new ByteArrayInputStream(capture))) {
            CaptureReader.read(in, null, sink);
        }
        return c.total();
    }
}
