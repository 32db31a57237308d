package io.tcpdoctor.bench;

import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.collect.ProcessFiles;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.SnapshotProvider;
import io.tcpdoctor.model.SocketFilter;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Live netlink dumps of a loopback population this benchmark holds itself: the count-only path (state
 * byte read in place) against full records, records with owners (the /proc/PID/fd scan), and the /proc/net/tcp
 * fallback (counts and records); and diagnose's count of a process's descriptors, against the former count. Per-socket cost = score /
 * sockets.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
// The launcher's collector and a fixed heap: with the default G1 and a growing heap, the records benchmarks swung
// by +-100 % between iterations on a 2-core VM.
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xms1g", "-Xmx1g"})
public class NetlinkBench {
    /** Established pairs to hold (two sockets each); stays under the per-process fd limit. */
    @Param({"4000"})
    public int pairs;

    private static final Path PROC = Path.of("/proc");
    private static final int PID = (int) ProcessHandle.current().pid();

    private final List<SocketChannel> open = new ArrayList<>();
    private ServerSocketChannel server;
    private LiveSnapshots netlink;
    private LiveSnapshots proc;

    @Setup
    public void setup() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8192);
        for (int i = 0; i < pairs; i++) {
            open.add(SocketChannel.open(server.getLocalAddress()));
            open.add(server.accept());
        }
        netlink = new LiveSnapshots(LiveSnapshots.Kind.NETLINK, null);
        proc = new LiveSnapshots(LiveSnapshots.Kind.PROC, null);
    }

    @TearDown
    public void tearDown() throws IOException {
        for (SocketChannel c : open) {
            c.close();
        }
        server.close();
    }

    @Benchmark
    public StateCounts netlinkCountOnly() {
        return netlink.take(SocketFilter.all(), SnapshotProvider.Needs.COUNTS).counts();
    }

    @Benchmark
    public int netlinkRecords() {
        return netlink.take(SocketFilter.all(), SnapshotProvider.Needs.RECORDS).sockets().size();
    }

    /** Records from /proc/net/tcp and tcp6: the fallback, and a small quiet table's diagnosis. */
    @Benchmark
    public int procRecords() {
        return proc.take(SocketFilter.all(), SnapshotProvider.Needs.RECORDS).sockets().size();
    }

    @Benchmark
    public StateCounts procCountOnly() {
        return proc.take(SocketFilter.all(), SnapshotProvider.Needs.COUNTS).counts();
    }

    /** diagnose's read of one process holding the population (8,000 sockets and the JVM's own descriptors). */
    @Benchmark
    public ProcessFiles processFiles() {
        return ProcessFiles.read(PROC, PID);
    }

    /** The same read as it was: the descriptors counted from a String per entry (File.list). */
    @Benchmark
    public ProcessFiles processFilesListed() throws IOException {
        Path dir = PROC.resolve(Integer.toString(PID));
        String[] fds = new File(dir.resolve("fd").toString()).list();
        long[] lim = ProcessFiles.parseOpenFilesLimit(Files.readString(dir.resolve("limits"), StandardCharsets.US_ASCII));
        String name = Files.readString(dir.resolve("comm"), StandardCharsets.UTF_8).strip();
        return new ProcessFiles(PID, name, fds.length, lim[0], lim[1]);
    }

    @Benchmark
    public int netlinkRecordsWithOwners() {
        return netlink.take(SocketFilter.all(), new SnapshotProvider.Needs(true, false, false)).sockets().size();
    }
}
