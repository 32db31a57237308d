package io.tcpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpdoctor.testing.Churn;
import io.tcpdoctor.testing.Cli;
import io.tcpdoctor.testing.TestNetns;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * diagnose, tune and capacity read one observation the same way: on a capture (with --sysctl, never this host's
 * values) and on a live namespace, they name the same busiest destination with the same ports in use, the same
 * usable range and the same tcp_tw_reuse.
 */
class CommandsAgreeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** The {@code facts} object of each command's JSON, after checking the command succeeded. */
    static List<JsonNode> facts(String... source) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String[] cmd : new String[][] {{"diagnose"}, {"tune"}, {"capacity", "--from-host"}}) {
            List<String> args = new ArrayList<>(List.of(cmd));
            args.addAll(List.of(source));
            args.addAll(List.of("-o", "json", "--lang", "en"));
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertThat(r.code()).as(args + ": " + r.err()).isZero();
            JsonNode doc = JSON.readTree(r.out());
            assertThat(doc.has("facts")).as(args.toString()).isTrue();
            out.add(doc.get("facts"));
        }
        return out;
    }

    static void allAgree(List<JsonNode> facts) {
        for (String key : List.of("port_range", "usable_ports", "tw_reuse", "busiest_destination", "busiest_destination_ports_in_use",
                "destinations")) {
            assertThat(facts).as(key).extracting(f -> f.get(key)).containsOnly(facts.getFirst().get(key));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"netstat/netstat-antp.txt", "netstat/netstat-antpo.txt", "ss/ss-tanp.txt", "proc/proc-net-tcp.txt"})
    void onACaptureTheyAgreeAndUseOnlyTheGivenFacts(String capture) throws Exception {
        String file = "src/test/resources/captures/" + capture;
        // Values unlike any default: if a command read this host instead, the numbers would differ.
        Path sysctl = tmp.resolve("sysctl-a.txt");
        Files.writeString(sysctl, "net.ipv4.tcp_tw_reuse = 0\nnet.ipv4.ip_local_port_range = 10000\t61000\n"
                + "net.ipv4.ip_local_reserved_ports = 10000-10009\nkernel.osrelease = 4.19.0-26-amd64\n");
        List<JsonNode> given = facts("-i", file, "--sysctl", sysctl.toString());
        allAgree(given);
        JsonNode f = given.getFirst();
        assertThat(f.get("port_range").asText()).isEqualTo("10000-61000");
        assertThat(f.get("usable_ports").asInt()).isEqualTo(61000 - 10000 + 1 - 10);
        assertThat(f.get("tw_reuse").asText()).isEqualTo("0");
        assertThat(f.get("busiest_destination").asText()).contains(" -> ");
        assertThat(f.get("busiest_destination_ports_in_use").asLong()).isPositive();
        assertThat(f.get("assumed")).isEmpty();

        // capacity's inputs carry the same values, and tw_reuse=0 is off for every destination.
        Cli.Result cap = Cli.run("capacity", "--from-host", "-i", file, "--sysctl", sysctl.toString(), "-o", "json");
        JsonNode in = JSON.readTree(cap.out()).get("inputs");
        assertThat(in.get("ports").asInt()).isEqualTo(f.get("usable_ports").asInt());
        assertThat(in.get("tw_reuse").asBoolean()).isFalse();
        // It models the busiest destination the facts name, alone: ports run out per destination.
        assertThat(in.get("destinations").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(cap.out()).get("measured").toString()).contains(f.get("busiest_destination").asText());
        Cli.Result tune = Cli.run("tune", "-i", file, "--sysctl", sysctl.toString(), "-o", "json");
        assertThat(JSON.readTree(tune.out()).get("kernel").asText()).isEqualTo("4.19.0-26-amd64");

        // Without --sysctl nothing comes from this host: the defaults are used and said to be assumed.
        List<JsonNode> bare = facts("-i", file);
        allAgree(bare);
        for (JsonNode b : bare) {
            assertThat(b.get("port_range").asText()).isEqualTo("32768-60999");
            assertThat(b.get("tw_reuse").asText()).isEqualTo("2");
            assertThat(b.get("assumed").toString()).contains("net.ipv4.ip_local_port_range").contains("net.ipv4.tcp_tw_reuse");
        }
        for (String[] cmd : new String[][] {{"diagnose"}, {"tune"}, {"capacity", "--from-host"}}) {
            List<String> args = new ArrayList<>(List.of(cmd));
            args.addAll(List.of("-i", file, "--lang", "en"));
            Cli.Result text = Cli.run(args.toArray(String[]::new));
            assertThat(text.out()).as(args.toString()).contains("assumed");
        }
        Cli.Result tuneBare = Cli.run("tune", "-i", file, "-o", "json");
        assertThat(JSON.readTree(tuneBare.out()).get("kernel").isNull()).isTrue();
    }

    @Test
    void onALiveNamespaceTheyAgreeWithTheKnownPopulation() throws Exception {
        assertTrue(TestNetns.available(), "needs root for network namespaces");
        try (TestNetns ns = TestNetns.create("td-agree")) {
            ns.setSysctls("net.ipv4.ip_local_port_range=20000 29999", "net.ipv4.tcp_tw_reuse=0");
            Process child = ns.startJava(Churn.class);
            int port = Integer.parseInt(TestNetns.awaitReady(child, 60_000).split(" ")[2]);
            OutputStream cmd = child.getOutputStream();
            cmd.write("est 5\ntw 25\n".getBytes(StandardCharsets.UTF_8));
            cmd.flush();
            TestNetns.awaitReady(child, 30_000);
            TestNetns.awaitReady(child, 30_000);
            List<JsonNode> live = facts("-N", ns.name());
            allAgree(live);
            JsonNode f = live.getFirst();
            assertThat(f.get("port_range").asText()).isEqualTo("20000-29999");
            assertThat(f.get("usable_ports").asInt()).isEqualTo(10000);
            assertThat(f.get("tw_reuse").asText()).isEqualTo("0");
            // 5 open and 25 closed client connections to the one listener: 30 ports of one destination.
            assertThat(f.get("busiest_destination").asText()).isEqualTo("127.0.0.1 -> 127.0.0.1:" + port);
            assertThat(f.get("busiest_destination_ports_in_use").asLong()).isEqualTo(30);
            assertThat(f.get("destinations").asInt()).isEqualTo(1);
            assertThat(f.get("assumed")).isEmpty();

            // diff reads 'live' inside the namespace too: 1 listener, 5 ESTABLISHED pairs, 25 TIME_WAIT.
            Cli.Result diff = Cli.run("diff", "src/test/resources/captures/ss/ss-tan.txt", "live", "-N", ns.name(), "-o", "json");
            assertThat(diff.code()).as(diff.err()).isZero();
            JsonNode after = JSON.readTree(diff.out()).get("after");
            assertThat(after.get("source").asText()).contains("netns " + ns.name());
            assertThat(after.get("total").asLong()).isEqualTo(36);
        }
    }

    @Test
    void liveSourcesRefuseCaptureFacts() {
        Cli.Result noLive = Cli.run("diff", "src/test/resources/captures/ss/ss-tan.txt", "src/test/resources/captures/ss/ss-tanp.txt",
                "-N", "blue");
        assertThat(noLive.code()).isEqualTo(2);
        assertThat(noLive.err()).contains("neither side is 'live'");
        assertThat(Cli.run("tune", "--sysctl", "x.conf").code()).isEqualTo(2);
        assertThat(Cli.run("capacity", "--from-host", "--kernel", "5.4.0").code()).isEqualTo(2);
        assertThat(Cli.run("tune", "-i", "src/test/resources/captures/ss/ss-tan.txt", "--apply").code()).isEqualTo(2);
        assertThat(Cli.run("tune", "-i", "src/test/resources/captures/ss/ss-tan.txt", "--kernel", "banana").code()).isEqualTo(2);
    }
}
