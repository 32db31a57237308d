package io.tcpdoctor.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tcpdoctor.testing.Population;
import io.tcpdoctor.testing.TakeSnapshot;
import io.tcpdoctor.testing.TestNetns;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A diagnosis of a small, quiet table reads /proc/net/tcp and the owners with the JDK's file calls (no native
 * binding), and must see what netlink and ss see; a table with what only netlink gives (a queued listener, a
 * CLOSE_WAIT when tcp_info is asked for) is read by netlink. Everything runs inside a namespace made here, in child
 * JVMs started in it (the /proc choice is made only for the namespace the process lives in).
 */
class QuietTableNetnsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestNetns ns;
    private static long childPid;

    @BeforeAll
    static void populate() throws Exception {
        assumeTrue(TestNetns.available(), "needs root for network namespaces");
        ns = TestNetns.create("td-quiet");
        // ESTABLISHED pairs in both families and TIME_WAIT, no CLOSE_WAIT: a quiet table.
        Process child = ns.startJava(Population.class, "40", "30", "0", "10");
        childPid = Long.parseLong(TestNetns.awaitReady(child, 60_000).split(" ")[1]);
        // TIME_WAIT younger than tcp_tw_reuse's delay (1 s) holds its port, older is reusable: let all of them
        // pass it, so that two diagnoses a moment apart weigh them alike.
        Thread.sleep(2_500);
    }

    @AfterAll
    static void cleanup() {
        if (ns != null) {
            ns.close();
        }
    }

    /** TakeSnapshot's output inside the namespace: the source line, the scanned processes, then the sorted rows. */
    private static List<String> snapshot(String kind, boolean tcpInfo, String... more) throws Exception {
        return snapshot(ns, kind, tcpInfo, more);
    }

    /** TakeSnapshot's output inside the given namespace: the source line, the scanned processes, then the sorted rows. */
    static List<String> snapshot(TestNetns ns, String kind, boolean tcpInfo, String... more) throws Exception {
        return snapshot(ns, List.of(), kind, tcpInfo, more);
    }

    /** {@link #snapshot(TestNetns, String, boolean, String...)} in a JVM with these options. */
    static List<String> snapshot(TestNetns ns, List<String> jvmOptions, String kind, boolean tcpInfo, String... more)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(kind, Boolean.toString(tcpInfo)));
        args.addAll(List.of(more));
        Process p = ns.startJava(jvmOptions, TakeSnapshot.class, args.toArray(String[]::new));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> lines = new ArrayList<>(out.lines().toList());
        String source = lines.removeFirst();
        String scanned = lines.removeFirst();
        lines.sort(null);
        lines.addFirst(scanned);
        lines.addFirst(source);
        return lines;
    }

    /** ss -tanpH in the namespace: state, local, peer and the owner's pid per row (pid "-" when none). */
    private static Set<String> ss() {
        Set<String> rows = new TreeSet<>();
        for (String line : ns.run("ss", "-tanpH").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            int pid = line.indexOf("pid=");
            String owner = pid < 0 ? "-" : line.substring(pid + 4, line.indexOf(',', pid));
            rows.add(io.tcpdoctor.model.TcpState.parse(f[0]) + " " + f[3] + " " + owner);
        }
        return rows;
    }

    @Test
    void aQuietTableIsReadFromProcWithTheOwnersNetlinkAndSsFind() throws Exception {
        List<String> quiet = snapshot("auto", true);
        List<String> netlink = snapshot("netlink", true);
        assertThat(quiet.getFirst()).isEqualTo("SOURCE live proc");
        assertThat(netlink.getFirst()).isEqualTo("SOURCE live netlink");
        // 40 + 10 pairs and 30 TIME_WAIT: the same rows, owners and queues both ways (a listener's backlog aside).
        assertThat(quiet.size()).isGreaterThanOrEqualTo(2 + 100 + 30 + 2);
        assertThat(quiet.get(1)).as("the owner scan ran").isNotEqualTo("SCANNED 0").startsWith("SCANNED ");
        assertThat(quiet.subList(2, quiet.size())).isEqualTo(netlink.subList(2, netlink.size()));
        long owned = quiet.stream().skip(2).filter(l -> !l.startsWith("TIME_WAIT")).count();
        assertThat(quiet.stream().skip(2).filter(l -> l.endsWith(" " + childPid))).hasSize((int) owned);
        Set<String> ours = new TreeSet<>();
        for (String l : quiet.subList(2, quiet.size())) {
            String[] f = l.split(" ");
            ours.add(f[0] + " " + f[1] + " " + f[7]);
        }
        assertThat(ours).isEqualTo(normalised(ss()));
    }

    /**
     * With the native library (named as the launchers name it) no binding is saved by /proc or by the JDK's reader:
     * the same quiet table is read through netlink, the owners with the native reader, and gives the same rows.
     */
    @Test
    void withTheNativeLibraryAQuietTableIsReadThroughNetlink() throws Exception {
        String lib = System.getProperty(Libc.NATIVE_PROPERTY, "");
        assertThat(lib).as("the suite names the native library").isNotEmpty();
        List<String> nat = snapshot(ns, List.of("-D" + Libc.NATIVE_PROPERTY + "=" + lib), "auto", true);
        List<String> quiet = snapshot("auto", true);
        assertThat(nat.getFirst()).isEqualTo("SOURCE live netlink");
        assertThat(quiet.getFirst()).isEqualTo("SOURCE live proc");
        assertThat(nat.get(1)).as("the owner scan ran").isEqualTo(quiet.get(1)).isNotEqualTo("SCANNED 0");
        assertThat(nat.subList(2, nat.size())).isEqualTo(quiet.subList(2, quiet.size()));
    }

    @Test
    void aTableOfTimeWaitAloneNeedsNoOwnerScan() throws Exception {
        try (TestNetns tw = TestNetns.create("td-twonly")) {
            // TIME_WAIT left by a process that has gone, with its listeners: no process holds any socket.
            Process child = tw.startJava(Population.class, "0", "5", "0");
            TestNetns.awaitReady(child, 60_000);
            child.getOutputStream().close();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(tw.run("ss", "-tanH", "state", "time-wait").lines().count()).isEqualTo(5);
            assertThat(tw.run("ss", "-tanH", "exclude", "time-wait")).isBlank();

            List<String> s = snapshot(tw, "auto", true);
            assertThat(s.getFirst()).isEqualTo("SOURCE live proc");
            assertThat(s.get(1)).as("no process read").isEqualTo("SCANNED 0");
            assertThat(s.subList(2, s.size())).hasSize(5).allMatch(l -> l.startsWith("TIME_WAIT ") && l.endsWith(" -"));
            // The start-up cache's training takes the owner scan all the same (its classes).
            assertThat(snapshot(tw, "auto", true, "as-if-quiet").get(1)).isNotEqualTo("SCANNED 0");
        }
    }

    /** ss's local addresses as tcpdoctor writes them (IPv4-mapped as IPv4, IPv6 in brackets). */
    private static Set<String> normalised(Set<String> ss) {
        Set<String> out = new TreeSet<>();
        for (String row : ss) {
            String[] f = row.split(" ");
            String local = f[1];
            int colon = local.lastIndexOf(':');
            String addr = local.substring(0, colon);
            String port = local.substring(colon + 1);
            if (addr.startsWith("[::ffff:")) {
                addr = addr.substring("[::ffff:".length(), addr.length() - 1);
            } else if (!addr.startsWith("[") && addr.contains(":")) {
                addr = "[" + addr + "]";
            }
            out.add(f[0] + " " + addr + ":" + port + " " + f[2]);
        }
        return out;
    }

    @Test
    void aDiagnosisOfTheQuietTableIsTheSameFromProcAndFromNetlink() throws Exception {
        ObjectNode auto = diagnose();
        ObjectNode netlink = diagnose("--source", "netlink");
        assertThat(auto.get("source").asText()).isEqualTo("live proc");
        assertThat(netlink.get("source").asText()).isEqualTo("live netlink");
        for (ObjectNode d : List.of(auto, netlink)) {
            d.remove(List.of("source", "taken_at"));
        }
        assertThat(auto.get("total").asLong()).isGreaterThanOrEqualTo(130);
        // --time-wait 1: the TIME_WAIT group is a finding, so the comparison covers one.
        assertThat(auto.get("findings").findValuesAsText("id")).contains("time-wait-pressure");
        assertThat(auto).isEqualTo(netlink);
    }

    private static ObjectNode diagnose(String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("diagnose", "--format", "json", "--time-wait", "1"));
        args.addAll(List.of(more));
        Process p = ns.startJava(io.tcpdoctor.Main.class, args.toArray(String[]::new));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return (ObjectNode) JSON.readTree(out);
    }

    @Test
    void aQueuedListenerOrACloseWaitMakesItNetlink() throws Exception {
        // Sockets of this JVM made inside the namespace: a listener whose connection is never accepted.
        ServerSocket listener;
        try (Netns ignored = Netns.enter(ns.name())) {
            listener = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.5"));
        }
        try (listener) {
            Socket client;
            try (Netns ignored = Netns.enter(ns.name())) {
                client = new Socket();
                client.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), 2000);
            }
            try (client) {
                assertThat(snapshot("auto", false).getFirst()).as("a listener with a queued connection")
                        .isEqualTo("SOURCE live netlink");
                // The start-up cache's training reads it from /proc all the same, the queued listener included.
                List<String> asIfQuiet = snapshot("auto", true, "as-if-quiet");
                assertThat(asIfQuiet.getFirst()).isEqualTo("SOURCE live proc");
                assertThat(asIfQuiet).anyMatch(l -> l.startsWith("LISTEN 127.0.0.5:" + listener.getLocalPort() + " ")
                        && l.split(" ")[3].equals("1"));
                // Accepted and closed by the client: the accepted end is in CLOSE_WAIT, the queue empty.
                Socket accepted = listener.accept();
                try (accepted) {
                    client.close();
                    long end = System.currentTimeMillis() + 5_000;
                    while (!ns.run("ss", "-tanH", "state", "close-wait").contains("127.0.0.5")
                            && System.currentTimeMillis() < end) {
                        Thread.sleep(20);
                    }
                    assertThat(snapshot("auto", true).getFirst()).as("CLOSE_WAIT, tcp_info asked for")
                            .isEqualTo("SOURCE live netlink");
                    assertThat(snapshot("auto", false).getFirst()).as("CLOSE_WAIT without tcp_info")
                            .isEqualTo("SOURCE live proc");
                }
            }
        }
    }
}
