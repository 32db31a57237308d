package io.tcpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpdoctor.testing.Cli;
import io.tcpdoctor.testing.Loopback;
import io.tcpdoctor.testing.Wait;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real loopback sockets in every common state, read back through each live source. */
class LiveListTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PID = ProcessHandle.current().pid();

    private static Loopback lo;
    private static Socket[] established;
    private static int timeWaitPort;
    private static Socket[] closeWait;

    @BeforeAll
    static void sockets() throws Exception {
        lo = new Loopback();
        established = lo.established();
        timeWaitPort = lo.timeWait();
        closeWait = lo.closeWait();
        // The FIN from shutdownOutput is acknowledged asynchronously.
        Wait.until(() -> rows("netlink").stream().anyMatch(r -> r.get("state").asText().equals("CLOSE_WAIT")), 3000);
    }

    @AfterAll
    static void close() throws Exception {
        lo.close();
    }

    static List<JsonNode> rows(String source) {
        Cli.Result r = Cli.run("list", "-p", "--format", "json", "--source", source, "--port", Integer.toString(lo.port()));
        assertThat(r.code()).as(r.err()).isZero();
        try {
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(r.out()).forEach(out::add);
            return out;
        } catch (Exception e) {
            throw new AssertionError("bad JSON: " + r.out(), e);
        }
    }

    private static JsonNode find(List<JsonNode> rows, String state, int localPort, int remotePort) {
        return rows.stream()
                .filter(r -> r.get("state").asText().equals(state) && r.get("local_port").asInt() == localPort
                        && (remotePort < 0 || r.get("remote_port").asInt() == remotePort))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + state + " " + localPort + "->" + remotePort + " in " + rows));
    }

    @ParameterizedTest
    @ValueSource(strings = {"netlink", "proc"})
    void reportsEachStateWithEndpointsAndOwner(String source) {
        List<JsonNode> rows = rows(source);
        int port = lo.port();

        JsonNode listen = find(rows, "LISTEN", port, 0);
        assertThat(listen.get("local_address").asText()).isEqualTo("127.0.0.1");
        assertThat(listen.get("pid").asLong()).isEqualTo(PID);
        assertThat(listen.get("process").asText()).isNotBlank();
        assertThat(listen.get("inode").asLong()).isPositive();

        JsonNode client = find(rows, "ESTABLISHED", established[0].getLocalPort(), port);
        assertThat(client.get("remote_address").asText()).isEqualTo("127.0.0.1");
        assertThat(client.get("pid").asLong()).isEqualTo(PID);
        JsonNode server = find(rows, "ESTABLISHED", port, established[0].getLocalPort());
        assertThat(server.get("pid").asLong()).isEqualTo(PID);

        JsonNode tw = find(rows, "TIME_WAIT", timeWaitPort, port);
        assertThat(tw.get("pid").isNull()).as("TIME_WAIT has no owner, never pid 0").isTrue();
        assertThat(tw.get("inode").asLong()).isZero();
        assertThat(tw.get("timer").asText()).isEqualTo("timewait");
        assertThat(tw.get("timer_ms").asLong()).isBetween(1L, 60_000L);

        JsonNode cw = find(rows, "CLOSE_WAIT", closeWait[0].getLocalPort(), port);
        assertThat(cw.get("pid").asLong()).isEqualTo(PID);
        JsonNode fw2 = find(rows, "FIN_WAIT2", port, closeWait[0].getLocalPort());
        assertThat(fw2.get("pid").asLong()).isEqualTo(PID);
        assertThat(fw2.get("uid").asLong()).isEqualTo(cw.get("uid").asLong());
    }

    @ParameterizedTest
    @ValueSource(strings = {"netlink", "proc"})
    void textListShowsOwnerlessTimeWait(String source) {
        Cli.Result r = Cli.run("list", "-p", "--source", source, "--state", "time-wait", "--dport", Integer.toString(lo.port()));
        assertThat(r.code()).isZero();
        String line = r.out().lines().filter(l -> l.contains(":" + timeWaitPort + " ")).findFirst().orElseThrow();
        assertThat(line).contains("TIME_WAIT").contains("timewait:").endsWith(" -");
        assertThat(r.out().lines().skip(1)).allMatch(l -> l.contains("TIME_WAIT"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"netlink", "proc"})
    void statesByProcessCountsOurSockets(String source) throws Exception {
        Cli.Result r = Cli.run("states", "--source", source, "--port", Integer.toString(lo.port()), "--by", "process",
                "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        // listener, 2 established, 1 TIME_WAIT, CLOSE_WAIT + FIN_WAIT2
        assertThat(doc.get("total").asLong()).as(r.out()).isEqualTo(6);
        assertThat(doc.get("states").get("TIME_WAIT").asLong()).isEqualTo(1);
        JsonNode ours = null;
        JsonNode noOwner = null;
        for (JsonNode g : doc.get("groups")) {
            if (g.get("group").asText().endsWith("/" + PID)) {
                ours = g;
            }
            if (g.get("group").asText().equals("(no owner)")) {
                noOwner = g;
            }
        }
        assertThat(ours).as(r.out()).isNotNull();
        assertThat(ours.get("total").asLong()).isEqualTo(5);
        assertThat(noOwner.get("states").get("TIME_WAIT").asLong()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"netlink", "proc"})
    void pidFilterKeepsOnlyThatProcess(String source) {
        Cli.Result r = Cli.run("list", "--source", source, "--pid", Long.toString(PID), "--port", Integer.toString(lo.port()),
                "--format", "csv");
        assertThat(r.code()).isZero();
        List<String> lines = r.out().lines().skip(1).toList();
        assertThat(lines).hasSize(5).allMatch(l -> l.contains("," + PID + ","));
    }
}
