package io.tcpdoctor.bench;

import io.tcpdoctor.diagnose.Diagnosis;
import io.tcpdoctor.diagnose.Engine;
import io.tcpdoctor.observe.HostFacts;
import io.tcpdoctor.observe.Observation;
import io.tcpdoctor.diagnose.Thresholds;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.TimerKind;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One run of every diagnosis rule on a busy host: 20,000 TIME_WAIT to one database, 2,000 established
 * connections, 500 CLOSE_WAIT held by one process; alone and with a previous observation (the sampled path,
 * which a live view repeats every few seconds).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DiagnoseBench {
    private Engine engine;
    private Observation before;
    private Observation now;

    @Setup
    public void setup() throws Exception {
        engine = new Engine(Thresholds.DEFAULTS, Messages.forLang("en"));
        before = observation(Instant.parse("2026-11-20T03:14:00Z"), 0);
        now = observation(Instant.parse("2026-11-20T03:14:05Z"), 400);
    }

    private static Observation observation(Instant at, int shift) throws Exception {
        InetAddress app = InetAddress.getByName("10.0.0.7");
        InetAddress db = InetAddress.getByName("10.20.30.40");
        InetAddress lb = InetAddress.getByName("10.0.0.2");
        Owner java = new Owner(4242, "java");
        List<SocketRecord> rows = new ArrayList<>();
        rows.add(rec(TcpState.LISTEN, Endpoint.of(InetAddress.getByName("0.0.0.0"), 8080), Endpoint.of(InetAddress.getByName("0.0.0.0"), 0), 1, java));
        for (int i = 0; i < 20_000; i++) {
            rows.add(rec(TcpState.TIME_WAIT, Endpoint.of(app, 32768 + (i + shift) % 28000), Endpoint.of(db, 3306), 0, null));
        }
        for (int i = 0; i < 1_000; i++) {
            rows.add(rec(TcpState.ESTABLISHED, Endpoint.of(app, 8080), Endpoint.of(lb, 40000 + i), 100 + i, java));
            rows.add(rec(TcpState.ESTABLISHED, Endpoint.of(app, 61000 + i), Endpoint.of(db, 3306), 5000 + i, java));
        }
        for (int i = 0; i < 500; i++) {
            rows.add(rec(TcpState.CLOSE_WAIT, Endpoint.of(app, 8080), Endpoint.of(lb, 50000 + i), 9000 + i, java));
        }
        Snapshot snap = Snapshot.ofRecords(at, "bench", rows, List.of(), null);
        HostFacts host = HostFacts.ofSysctls(Map.of("net.ipv4.ip_local_port_range", "32768 60999",
                "net.ipv4.tcp_tw_reuse", "2", "net.ipv4.tcp_timestamps", "1", "net.ipv4.tcp_fin_timeout", "60"), "bench");
        return new Observation(at, null, snap, host, snap.source(), host.live());
    }

    private static SocketRecord rec(TcpState s, Endpoint l, Endpoint r, long inode, Owner o) {
        return new SocketRecord(false, s, l, r, 0, 0, s == TcpState.TIME_WAIT ? TimerKind.TIMEWAIT : TimerKind.OFF, 30_000, 0,
                1000, inode, null, o, null);
    }

    @Benchmark
    public Diagnosis single() {
        return engine.run(now, null);
    }

    @Benchmark
    public Diagnosis sampled() {
        return engine.run(now, before);
    }
}
