package io.tcpdoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpdoctor.capture.CaptureSnapshots;
import io.tcpdoctor.collect.SysctlFile;
import io.tcpdoctor.diagnose.rules.Rules;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.model.SnapshotProvider;
import io.tcpdoctor.model.SocketFilter;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.observe.Delta;
import io.tcpdoctor.observe.HostFacts;
import io.tcpdoctor.observe.Needs;
import io.tcpdoctor.observe.Observation;
import io.tcpdoctor.observe.Observer;
import io.tcpdoctor.render.Json;
import io.tcpdoctor.render.ReportWriter;
import io.tcpdoctor.testing.Population;
import io.tcpdoctor.testing.TestNetns;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capture read whole (rows in memory, listeners found first) and the capture streamed once into the aggregates
 * give the same report, text and JSON, for every capture fixture, with and without host facts; also when listeners
 * come last (a second read makes it exact) and for a live namespace population fed in any order.
 */
class AggregatePathsAgreeTest {
    static final Messages EN = Messages.forLang("en");
    static final Path CAPTURES = Path.of("src/test/resources/captures");
    /** A tight known range makes every destination with TIME_WAIT count (the "range known" branch of the rules). */
    static final HostFacts SMALL_RANGE = HostFacts.ofSysctlFile(SysctlFile.parse("small.conf",
            "net.ipv4.ip_local_port_range = 32768 32867\nnet.ipv4.tcp_tw_reuse = 1\nnet.ipv4.tcp_fin_timeout = 30\n"), "small.conf");

    @TempDir
    Path tmp;

    static List<Path> fixtures() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(CAPTURES)) {
            s.filter(Files::isRegularFile).filter(p -> !p.startsWith(CAPTURES.resolve("garbage"))).sorted().forEach(out::add);
        }
        out.add(Path.of("src/test/resources/diagnose/netstat-before.txt"));
        out.add(Path.of("src/test/resources/diagnose/netstat-after.txt"));
        return out;
    }

    /** The old way: every row in memory, then the index. */
    static Diagnosis whole(Path file, HostFacts host) {
        var snap = new CaptureSnapshots(file.toString(), null, false).take(SocketFilter.all(), new SnapshotProvider.Needs(true, true, false));
        return Rules.engine(Thresholds.DEFAULTS, EN).run(Delta.of(Observation.of(snap, host)));
    }

    /** The way diagnose and check read a capture: one pass, no rows kept. */
    static Diagnosis streamed(SnapshotProvider provider, HostFacts host, List<Problem> notes) {
        IndexedCapture read = IndexedCapture.read(provider, host);
        notes.addAll(read.notes());
        return Rules.engine(Thresholds.DEFAULTS, EN).run(Delta.of(read.observation()), read.index(), null);
    }

    /** Text and JSON reports without the time of reading. */
    static String report(Diagnosis d) {
        ReportWriter w = new ReportWriter(EN);
        StringWriter text = new StringWriter();
        w.text(new PrintWriter(text), d);
        Map<String, Object> doc = w.json(d);
        doc.remove("taken_at");
        StringWriter json = new StringWriter();
        Json.write(new PrintWriter(json), doc);
        return text.toString().lines().skip(1).reduce("", (a, b) -> a + b + "\n") + json;
    }

    @Test
    void everyCaptureFixtureGivesTheSameReportStreamed() throws IOException {
        int findings = 0;
        int compared = 0;
        for (Path f : fixtures()) {
            for (HostFacts host : List.of(HostFacts.none(), SMALL_RANGE)) {
                Diagnosis a;
                try {
                    a = whole(f, host);
                } catch (io.tcpdoctor.error.TcpdoctorException e) {
                    // A fixture that is not a capture fails the same way streamed: same code, same message.
                    assertThatThrownBy(() -> streamed(new CaptureSnapshots(f.toString(), null, false), host, new ArrayList<>()))
                            .isInstanceOf(io.tcpdoctor.error.TcpdoctorException.class).hasMessage(e.getMessage());
                    continue;
                }
                Diagnosis b = streamed(new CaptureSnapshots(f.toString(), null, false), host, new ArrayList<>());
                assertThat(report(b)).as(f + " with " + host.origin()).isEqualTo(report(a));
                findings += (int) a.findings().stream().filter(x -> !x.id().equals(Engine.HEALTHY)).count();
                compared++;
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(2 * 30);
        // The fixtures do produce findings: the comparison is not of empty reports.
        assertThat(findings).isGreaterThan(20);
    }

    /** An ss -tano capture with TIME_WAIT timers of every age, some without a timer, on both sides. */
    private Path timedTimeWait() throws IOException {
        StringBuilder b = new StringBuilder("State      Recv-Q Send-Q Local Address:Port  Peer Address:Port Process\n");
        b.append("LISTEN     0      128          0.0.0.0:8080       0.0.0.0:*\n");
        for (int i = 0; i < 600; i++) {
            String timer = i % 10 == 9 ? "" : " timer:(timewait," + (i % 61) + "sec,0)";
            b.append("TIME-WAIT  0      0         10.0.0.7:").append(40_000 + i).append("    10.20.30.").append(40 + i % 3)
                    .append(":3306").append(timer).append('\n');
            b.append("TIME-WAIT  0      0         10.0.0.7:8080    10.9.0.").append(1 + i % 200).append(':').append(50_000 + i)
                    .append(" timer:(timewait,").append(i % 59).append("sec,0)\n");
        }
        Path p = tmp.resolve("ss-tano-timewait.txt");
        Files.writeString(p, b);
        return p;
    }

    @Test
    void timeWaitAgesPerDestinationMatchTheRows() throws IOException {
        int[] windows = {1, 2, 5, 10, 20, 30, 60};
        long timed = 0;
        List<Path> files = new ArrayList<>(fixtures());
        files.add(timedTimeWait());
        for (Path f : files) {
            io.tcpdoctor.model.Snapshot snap;
            try {
                snap = new CaptureSnapshots(f.toString(), null, false).take(SocketFilter.all(), new SnapshotProvider.Needs(true, true, false));
            } catch (io.tcpdoctor.error.TcpdoctorException e) {
                continue;
            }
            if (!snap.hasRecords()) {
                continue;
            }
            IndexedCapture read = IndexedCapture.read(new CaptureSnapshots(f.toString(), null, false), HostFacts.none());
            SocketIndex idx = read.index();
            for (var use : idx.portUsage().destinations()) {
                for (int w : windows) {
                    long expected = snap.sockets().stream().filter(r -> r.state() == TcpState.TIME_WAIT && idx.portUsage().outgoing(r)
                            && io.tcpdoctor.ports.Destination.of(r).equals(use.destination())
                            && io.tcpdoctor.model.TimeWaitAges.ageSeconds(r) < w).count();
                    assertThat(idx.timeWaitAges(use.destination()).youngerThan(w)).as(f + " " + use.destination() + " < " + w + " s")
                            .isEqualTo(expected);
                    timed += w == 60 ? expected : 0;
                }
                assertThat(idx.timeWaitAges(use.destination()).total()).isEqualTo(use.timeWait());
            }
            long all = snap.sockets().stream().filter(r -> !Double.isNaN(io.tcpdoctor.model.TimeWaitAges.ageSeconds(r))).count();
            assertThat(idx.timeWaitAges().total() - idx.timeWaitAges().unknown()).as(f.toString()).isEqualTo(all);
            for (int port : idx.serverTimeWaitByPort().keySet()) {
                long younger = snap.sockets().stream().filter(r -> r.local().port() == port
                        && io.tcpdoctor.model.TimeWaitAges.ageSeconds(r) < 10).count();
                assertThat(idx.serverTimeWaitAges(port).youngerThan(10)).as(f + " port " + port).isEqualTo(younger);
                timed += younger;
            }
        }
        // Some fixtures (ss -o, /proc/net/tcp) have TIME_WAIT timers: the comparison is not of empty histograms.
        assertThat(timed).isPositive();
    }

    /** A server capture whose listener is printed after its connections (the order of macOS and Windows). */
    private Path serverWithListenerLast() throws IOException {
        StringBuilder b = new StringBuilder("Active Internet connections (servers and established)\n"
                + "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name\n");
        for (int i = 0; i < 1_500; i++) {
            b.append("tcp        0      0 10.0.0.7:8080           10.9.").append(i / 200).append('.').append(i % 200 + 1)
                    .append(':').append(40_000 + i).append("      TIME_WAIT   -\n");
        }
        for (int i = 0; i < 30; i++) {
            b.append("tcp        1      0 10.0.0.7:8080           10.9.9.").append(i + 1).append(":5").append(1000 + i)
                    .append("      CLOSE_WAIT  -\n");
        }
        b.append("tcp        0      0 10.0.0.7:41000          10.20.30.40:3306        ESTABLISHED 4242/java\n");
        b.append("tcp        0    128 0.0.0.0:8080            0.0.0.0:*               LISTEN      4242/java\n");
        Path p = tmp.resolve("listener-last.txt");
        Files.writeString(p, b);
        return p;
    }

    @Test
    void listenersAfterTheirConnectionsAreReadAgainFromAFile() throws IOException {
        Path f = serverWithListenerLast();
        Diagnosis a = whole(f, HostFacts.none());
        List<Problem> notes = new ArrayList<>();
        Diagnosis b = streamed(new CaptureSnapshots(f.toString(), null, false), HostFacts.none(), notes);
        assertThat(report(b)).isEqualTo(report(a));
        assertThat(notes).isEmpty();
        // The accepted connections are the server's: TIME_WAIT on its port, CLOSE_WAIT per port, not per client.
        assertThat(b.findings()).anyMatch(x -> x.id().equals("time-wait-pressure") && "server".equals(x.evidence().get("side")));
        assertThat(b.findings()).anyMatch(x -> x.id().equals("close-wait-leak") && "*:8080".equals(x.local()));
    }

    @Test
    void standardInputCannotBeReadAgainAndSaysSo() throws IOException {
        Path f = serverWithListenerLast();
        byte[] bytes = Files.readAllBytes(f);
        List<Problem> notes = new ArrayList<>();
        streamed(new CaptureSnapshots("-", null, false, new ByteArrayInputStream(bytes)), HostFacts.none(), notes);
        assertThat(notes).anyMatch(n -> n.describe().contains("listeners come after connections"));
        // In the kernel's order (listeners first) standard input is exact and says nothing.
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(text.lines().toList());
        String listen = lines.removeLast();
        lines.add(2, listen);
        Path ordered = tmp.resolve("listener-first.txt");
        Files.writeString(ordered, String.join("\n", lines) + "\n");
        List<Problem> none = new ArrayList<>();
        Diagnosis b = streamed(new CaptureSnapshots("-", null, false,
                new ByteArrayInputStream(Files.readAllBytes(ordered))), HostFacts.none(), none);
        assertThat(none).isEmpty();
        assertThat(report(b)).isEqualTo(report(whole(ordered, HostFacts.none())).replace(ordered.toString(), "stdin"));
    }

    @Test
    void aBuilderToldOfLateListenersIsExact() {
        var listen = new SocketRecord(false, TcpState.LISTEN, io.tcpdoctor.model.Endpoint.named("0.0.0.0", 80),
                io.tcpdoctor.model.Endpoint.named("0.0.0.0", 0), 0, 128, null, -1, 0, 0, 1, null, null, null);
        var accepted = new SocketRecord(false, TcpState.TIME_WAIT, io.tcpdoctor.model.Endpoint.named("10.0.0.1", 80),
                io.tcpdoctor.model.Endpoint.named("10.0.0.9", 50_000), 0, 0, null, -1, 0, -1, 0, null, null, null);
        SocketIndex.Builder first = SocketIndex.builder(HostFacts.none(), Set.of());
        first.accept(accepted);
        first.accept(listen);
        assertThat(first.lateListeners()).isTrue();
        assertThat(first.build(true).portUsage().outgoing()).isEqualTo(1);
        SocketIndex.Builder again = SocketIndex.builder(HostFacts.none(), first.listeningPorts());
        again.accept(accepted);
        again.accept(listen);
        assertThat(again.lateListeners()).isFalse();
        SocketIndex idx = again.build(true);
        assertThat(idx.portUsage().outgoing()).isZero();
        assertThat(idx.serverTimeWaitByPort()).containsEntry(80, 1L);
        assertThat(idx.serverTimeWait()).isEqualTo(1);
    }

    @Test
    void liveNamespaceRowsInAnyOrderGiveTheSameFindings() throws Exception {
        assertTrue(TestNetns.available(), "needs root for network namespaces");
        try (TestNetns ns = TestNetns.create("td-agree")) {
            Process child = ns.startJava(Population.class, "40", "1100", "25", "10");
            try {
                TestNetns.awaitReady(child, 60_000);
                Observation obs;
                try (Observer o = Observer.live(ns.name(), Needs.FULL)) {
                    obs = o.observe();
                }
                List<SocketRecord> rows = obs.snapshot().sockets();
                assertThat(rows).hasSizeGreaterThan(1_100);
                Diagnosis inMemory = Rules.engine(Thresholds.DEFAULTS, EN).run(Delta.of(obs));
                // The rows reversed put every listener after its connections: one pass finds out, a second is exact.
                List<SocketRecord> reversed = new ArrayList<>(rows).reversed();
                SocketIndex.Builder pass = SocketIndex.builder(obs.host(), Set.of());
                reversed.forEach(pass);
                assertThat(pass.lateListeners()).isTrue();
                SocketIndex.Builder again = SocketIndex.builder(obs.host(), pass.listeningPorts());
                reversed.forEach(again);
                Diagnosis streamed = Rules.engine(Thresholds.DEFAULTS, EN).run(Delta.of(obs), again.build(true), null);
                assertThat(report(streamed)).isEqualTo(report(inMemory));
                assertThat(inMemory.findings()).anyMatch(x -> x.id().equals("time-wait-pressure"));
                assertThat(inMemory.findings()).anyMatch(x -> x.id().equals("close-wait-leak"));
            } finally {
                child.getOutputStream().close();
                child.waitFor();
            }
        }
    }
}
