package io.tcpdoctor.bench;

import io.tcpdoctor.collect.InetDiag;
import io.tcpdoctor.collect.RecentEndpoints;
import io.tcpdoctor.collect.UidNames;
import io.tcpdoctor.model.SocketRecord;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
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
 * Decoding a dump's inet_diag answers into records, 10,000 messages laid out as the kernel sends them, for tables of
 * several shapes: {@code loopback} (every socket 127.0.0.1 at both ends, as the bench's populations), {@code server}
 * (one local address and port, 5,000 client addresses in random order: the reuse of endpoints can only help the
 * local side), {@code client} (one local address, random local ports, three peers: a service calling its database
 * and backends), {@code v6server} (the server over IPv6). {@code dump} decodes them as a dump does (the endpoints of
 * one record given again to the next where its bytes are the same), {@code eachAlone} each as if it were the first.
 * Run it under C1 only too, as the launcher runs short commands:
 * {@code java -jar target/jmh/benchmarks.jar InetDiagBench -jvmArgsAppend -XX:TieredStopAtLevel=1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms512m", "-Xmx512m"})
public class InetDiagBench {
    @Param({"loopback", "server", "client", "v6server"})
    public String table;

    @Param({"10000"})
    public int messages;

    private static final int P = 16;
    private static final int LEN = P + 72;
    private byte[] buf;
    private final UidNames users = UidNames.load(Path.of("/nonexistent"));

    @Setup
    public void setup() throws Exception {
        Random rnd = new Random(7);
        boolean six = table.equals("v6server");
        byte[] local = InetAddress.getByName(table.equals("loopback") ? "127.0.0.1" : six ? "2001:db8::5" : "10.0.0.5")
                .getAddress();
        byte[][] peers = switch (table) {
            case "loopback" -> new byte[][] {local};
            case "client" -> new byte[][] {addr("10.0.1.10"), addr("10.0.1.11"), addr("10.0.2.20")};
            default -> {
                byte[][] p = new byte[5_000][];
                for (int i = 0; i < p.length; i++) {
                    p[i] = addr(six ? "2001:db8:1::" + Integer.toHexString(i + 1) : "10.1." + (i / 250) + "." + (i % 250 + 1));
                }
                yield p;
            }
        };
        ByteBuffer b = ByteBuffer.allocate(messages * LEN).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < messages; i++) {
            int at = i * LEN;
            boolean server = table.equals("server") || table.equals("v6server");
            int sport = server ? 443 : 32768 + rnd.nextInt(28000);
            int dport = server ? 1024 + rnd.nextInt(60000) : table.equals("client") ? 3306 : 8080;
            b.putInt(at, LEN);
            b.putShort(at + 4, (short) InetDiag.SOCK_DIAG_BY_FAMILY);
            b.put(at + P, (byte) (six ? InetDiag.AF_INET6 : InetDiag.AF_INET));
            b.put(at + P + 1, (byte) (i % 5 == 0 ? 6 : 1)); // TIME_WAIT, ESTABLISHED
            b.put(at + P + 4, (byte) (sport >> 8)).put(at + P + 5, (byte) sport);
            b.put(at + P + 6, (byte) (dport >> 8)).put(at + P + 7, (byte) dport);
            b.put(at + P + 8, local);
            b.put(at + P + 24, peers[rnd.nextInt(peers.length)]);
            b.putInt(at + P + 64, 1000);
            b.putInt(at + P + 68, i % 5 == 0 ? 0 : 100_000 + i);
        }
        buf = b.array();
    }

    private static byte[] addr(String literal) throws Exception {
        return InetAddress.getByName(literal).getAddress();
    }

    @Benchmark
    public long dump() {
        RecentEndpoints recent = new RecentEndpoints();
        long n = 0;
        for (int at = 0; at < buf.length; at += LEN) {
            SocketRecord r = InetDiag.decode(buf, at, LEN, users, recent);
            n += r.remote().port();
        }
        return n;
    }

    @Benchmark
    public long eachAlone() {
        long n = 0;
        for (int at = 0; at < buf.length; at += LEN) {
            SocketRecord r = InetDiag.decode(buf, at, LEN, users);
            n += r.remote().port();
        }
        return n;
    }
}
