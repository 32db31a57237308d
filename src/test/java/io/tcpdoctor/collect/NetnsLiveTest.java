package io.tcpdoctor.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.SnapshotProvider;
import io.tcpdoctor.model.SocketFilter;
import io.tcpdoctor.testing.Cli;
import io.tcpdoctor.testing.Population;
import io.tcpdoctor.testing.TestNetns;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A namespace of our own with a known population, held by a child process: every per-state count must
 * match what {@code ss -tan} reports inside it, through --netns, from both sources.
 */
class NetnsLiveTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestNetns ns;
    private static Process child;
    private static long childPid;
    private static int cwPort;

    @BeforeAll
    static void populate() throws Exception {
        assumeTrue(TestNetns.available(), "needs root for network namespaces");
        ns = TestNetns.create("td-live");
        child = ns.startJava(Population.class, "300", "120", "40", "25");
        String[] ready = TestNetns.awaitReady(child, 60_000).split(" ");
        childPid = Long.parseLong(ready[1]);
        cwPort = Integer.parseInt(ready[4]);
        // Let the FINs of the CLOSE_WAIT pairs be acknowledged before comparing.
        Thread.sleep(200);
    }

    @AfterAll
    static void cleanup() throws Exception {
        if (ns != null) {
            ns.close();
        }
    }

    /** Per-state counts from ss's own output, in tcpdoctor's canonical names. */
    static Map<String, Long> ssCounts(String... filter) throws Exception {
        Map<String, Long> m = new TreeMap<>();
        String[] cmd = new String[filter.length + 2];
        cmd[0] = "ss";
        cmd[1] = "-tanH";
        System.arraycopy(filter, 0, cmd, 2, filter.length);
        String out = ns.run(cmd);
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            TcpState s = TcpState.parse(line.trim().split("\\s+")[0]);
            assertThat(s).as("ss state in: " + line).isNotNull();
            m.merge(s.name(), 1L, Long::sum);
        }
        return m;
    }

    static Map<String, Long> ours(String... extra) throws Exception {
        String[] args = new String[extra.length + 5];
        args[0] = "states";
        args[1] = "--netns";
        args[2] = ns.name();
        args[3] = "--format";
        args[4] = "json";
        System.arraycopy(extra, 0, args, 5, extra.length);
        Cli.Result r = Cli.run(args);
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, Long> m = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = JSON.readTree(r.out()).get("states").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asLong());
        }
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {"netlink", "proc"})
    void countsMatchSs(String source) throws Exception {
        Map<String, Long> expected = ssCounts();
        Map<String, Long> actual = ours("--source", source);
        assertThat(actual).isEqualTo(expected);
        // The population the child built: 300+25 pairs, 120 TIME_WAIT, 40 CLOSE_WAIT/FIN_WAIT2 pairs, 4 listeners.
        assertThat(actual.get("ESTABLISHED")).isEqualTo(2 * 325L);
        assertThat(actual.get("TIME_WAIT")).isEqualTo(120L);
        assertThat(actual.get("CLOSE_WAIT")).isEqualTo(40L);
        assertThat(actual.get("FIN_WAIT2")).isEqualTo(40L);
        assertThat(actual.get("LISTEN")).isEqualTo(4L);
    }

    @Test
    void stateFilterIsAppliedInTheKernel() throws Exception {
        assertThat(ours("--state", "bucket")).isEqualTo(Map.of("TIME_WAIT", 120L)).isEqualTo(ssCounts("state", "bucket"));
        // Java sockets are dual-stack AF_INET6 sockets: -6 selects them all (as ss -6 does), -4 none.
        assertThat(ours("--state", "connected", "-6")).isEqualTo(ssCounts("-6", "state", "connected"))
                .containsEntry("CLOSE_WAIT", 40L);
        assertThat(ours("--state", "synchronized", "-4")).isEqualTo(ssCounts("-4", "state", "synchronized"));
        assertThat(ours("--state", "big")).isEqualTo(ssCounts("state", "big"));
    }

    @Test
    void ownersInsideTheNamespaceAreTheChild() throws Exception {
        Cli.Result r = Cli.run("list", "-N", ns.name(), "-p", "--state", "close-wait", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode rows = JSON.readTree(r.out());
        assertThat(rows.size()).isEqualTo(40);
        for (JsonNode row : rows) {
            assertThat(row.get("pid").asLong()).isEqualTo(childPid);
            assertThat(row.get("remote_port").asInt()).isEqualTo(cwPort);
            assertThat(row.get("remote_address").asText()).isEqualTo("127.0.0.3");
        }
    }

    @Test
    void sourcesAgreeOnTheWholeNamespace() {
        LiveSnapshots a = new LiveSnapshots(LiveSnapshots.Kind.NETLINK, ns.name());
        LiveSnapshots b = new LiveSnapshots(LiveSnapshots.Kind.PROC, ns.name());
        var sa = a.take(SocketFilter.all(), SnapshotProvider.Needs.RECORDS);
        var sb = b.take(SocketFilter.all(), SnapshotProvider.Needs.RECORDS);
        assertThat(sa.sockets()).hasSize(2 * 325 + 120 + 80 + 4);
        assertThat(SourcesAgreeTest.keys(sa)).isEqualTo(SourcesAgreeTest.keys(sb));
    }

    @Test
    void missingNamespaceIsAClearError() {
        Cli.Result r = Cli.run("states", "--netns", "td-no-such-namespace");
        assertThat(r.code()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(r.err()).contains("network namespace 'td-no-such-namespace' not found").doesNotContain("Exception");
        assertThat(r.err().lines().count()).isEqualTo(1);
        // Nothing on standard output: no header of a table that was never read, in any format.
        String missing = "td-no-such-namespace";
        for (String[] args : new String[][] {{"list", "--netns", missing}, {"list", "-p", "--netns", missing},
                {"list", "--format", "csv", "--netns", missing}, {"list", "--format", "json", "--netns", missing}}) {
            Cli.Result l = Cli.run(args);
            assertThat(l.code()).as(String.join(" ", args)).isEqualTo(ExitCode.UNAVAILABLE);
            assertThat(l.err()).as(String.join(" ", args)).contains("network namespace 'td-no-such-namespace' not found");
            assertThat(l.out()).as(String.join(" ", args)).isEmpty();
        }
    }

    @Test
    void smallTableIsCountedFromProcWithTheSameCounts() throws Exception {
        // tcpdoctor run inside the namespace (as with ip netns exec), where the table is small.
        Process p = ns.startJava(io.tcpdoctor.Main.class, "states", "--format", "json");
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        JsonNode doc = JSON.readTree(out);
        assertThat(doc.get("source").asText()).isEqualTo("live proc");
        Map<String, Long> m = new TreeMap<>();
        doc.get("states").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        assertThat(m).isEqualTo(ssCounts());
        assertThat(SockStat.tcpSockets(Path.of("/proc/net")).all()).as("this JVM's own namespace").isGreaterThanOrEqualTo(0);
    }

    @Test
    void ownerOutsideTheNamespaceIsFoundToo() throws Exception {
        // This JVM lives outside the namespace but holds a listener made inside it (as after setns or a passed fd):
        // ss -p shows this JVM as its owner, and so must the scan, after the namespace's own processes.
        java.net.ServerSocket held;
        try (Netns ignored = Netns.enter(ns.name())) {
            held = new java.net.ServerSocket(0, 5, java.net.InetAddress.getByName("127.0.0.9"));
        }
        try (held) {
            LiveSnapshots live = new LiveSnapshots(LiveSnapshots.Kind.AUTO, ns.name());
            var snap = live.take(SocketFilter.all(), new SnapshotProvider.Needs(true, false, false));
            var mine = snap.sockets().stream().filter(r -> r.local().port() == held.getLocalPort()).toList();
            assertThat(mine).hasSize(1);
            assertThat(mine.get(0).owner().pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(snap.sockets().stream().filter(r -> r.state() == TcpState.CLOSE_WAIT))
                    .hasSize(40).allSatisfy(r -> assertThat(r.owner().pid()).isEqualTo(childPid));
            assertThat(snap.owners().unattributed()).isZero();
            assertThat(OwnerScanner.namespaceKey(ns.name())).startsWith("net:[")
                    .isNotEqualTo(OwnerScanner.namespaceKey(null));
        }
    }
}
