package io.tcpdoctor.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every scenario run in a namespace of its own and checked with tcpdoctor's own reading: the expected states
 * appear, the expected finding fires, the fixed variant does not fire it, and nothing is left behind.
 */
class LabScenariosTest {
    /** Long enough for a loaded machine; close() ends every lab early. */
    static final LabOptions BASE = LabOptions.defaults().inNetns().withRate(0).withDuration(Duration.ofSeconds(90));

    @AfterEach
    void nothingLeft() {
        assertThat(Observed.leftovers()).as("lab namespaces left").isEmpty();
        assertThat(Observed.labChildren()).as("lab child processes left").isEmpty();
    }

    @Test
    void timeWaitOnTheClientAndThePooledClientHasNone() {
        try (Lab lab = Lab.start("time-wait", BASE.withCount(60))) {
            assertThat(lab.netns()).startsWith("tcpdoctor-lab-" + ProcessHandle.current().pid() + "-time-wait");
            assertThat(Observed.settled(lab.netns(), "TIME_WAIT", 60)).isEqualTo(60);
            JsonNode f = Observed.findings(lab.netns(), List.of("--time-wait", "30")).get("time-wait-pressure");
            assertThat(f).isNotNull();
            assertThat(f.get("evidence").get("side").asText()).isEqualTo("client");
        }
        try (Lab lab = Lab.start("time-wait", BASE.withCount(60).withFix(""))) {
            assertThat(lab.fix()).isEqualTo("pool");
            assertThat(Observed.settled(lab.netns(), "TIME_WAIT", 0)).isZero();
            assertThat(Observed.findings(lab.netns(), List.of("--time-wait", "30"))).doesNotContainKey("time-wait-pressure");
        }
        try (Lab lab = Lab.start("time-wait", BASE.withCount(30).withFix("linger"))) {
            assertThat(Observed.settled(lab.netns(), "TIME_WAIT", 0)).isZero();
        }
    }

    @Test
    void serverTimeWaitSitsOnTheListeningPort() {
        try (Lab lab = Lab.start("server-time-wait", BASE.withCount(40))) {
            assertThat(Observed.settled(lab.netns(), "TIME_WAIT", 40)).isEqualTo(40);
            JsonNode f = Observed.findings(lab.netns(), List.of("--time-wait", "20")).get("time-wait-pressure");
            assertThat(f).isNotNull();
            assertThat(f.get("evidence").get("side").asText()).isEqualTo("server");
        }
        try (Lab lab = Lab.start("server-time-wait", BASE.withCount(40).withFix("pool"))) {
            assertThat(Observed.settled(lab.netns(), "TIME_WAIT", 0)).isZero();
            assertThat(Observed.findings(lab.netns(), List.of("--time-wait", "20"))).doesNotContainKey("time-wait-pressure");
        }
        try (Lab lab = Lab.start("server-time-wait", BASE.withCount(40).withFix("client-closes"))) {
            // The TIME_WAIT moves to the client: the finding stays, on the other side.
            assertThat(Observed.settled(lab.netns(), "TIME_WAIT", 40)).isEqualTo(40);
            JsonNode f = Observed.findings(lab.netns(), List.of("--time-wait", "20")).get("time-wait-pressure");
            assertThat(f.get("evidence").get("side").asText()).isEqualTo("client");
        }
    }

    @Test
    void closeWaitLeakAndTheServerThatCloses() {
        try (Lab lab = Lab.start("close-wait", BASE.withCount(30))) {
            assertThat(Observed.settled(lab.netns(), "CLOSE_WAIT", 30)).isEqualTo(30);
            JsonNode f = Observed.findings(lab.netns(), List.of()).get("close-wait-leak");
            assertThat(f).isNotNull();
            assertThat(f.get("process").get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        }
        try (Lab lab = Lab.start("close-wait", BASE.withCount(30).withFix("close"))) {
            assertThat(Observed.settled(lab.netns(), "CLOSE_WAIT", 0)).isZero();
            assertThat(Observed.findings(lab.netns(), List.of())).doesNotContainKey("close-wait-leak");
        }
    }

    @Test
    void closeWaitWithAnFdLimitRunsIntoEmfile() {
        try (Lab lab = Lab.start("close-wait", BASE.withCount(60).withFdLimit(40))) {
            assertThat(String.join("\n", lab.events())).contains("Too many open files");
            assertThat(Observed.labChildren()).hasSize(1);
            assertThat(Observed.findings(lab.netns(), List.of())).containsKey("close-wait-leak");
        }
    }

    @Test
    void finWait2HeldOpenAndTheServerThatCloses() {
        try (Lab lab = Lab.start("fin-wait2", BASE.withCount(40))) {
            assertThat(Observed.settled(lab.netns(), "FIN_WAIT2", 40)).isEqualTo(40);
            assertThat(Observed.settled(lab.netns(), "CLOSE_WAIT", 40)).isEqualTo(40);
            assertThat(lab.scenario().diagnoseArgs(lab.count())).containsExactly("--fin-wait2", "20");
            JsonNode f = Observed.findings(lab.netns(), List.of("--fin-wait2", "20")).get("fin-wait2-pileup");
            assertThat(f).isNotNull();
            assertThat(f.get("evidence").get("fin_wait2").asLong()).isEqualTo(40);
            assertThat(f.get("evidence").get("held_open").asLong()).isEqualTo(40);
            // The default threshold (500) is far above this small run: the finding stays quiet without the option.
            assertThat(Observed.findings(lab.netns(), List.of())).doesNotContainKey("fin-wait2-pileup");
            // Just above the count it stays quiet too; at the count it fires.
            assertThat(Observed.findings(lab.netns(), List.of("--fin-wait2", "41"))).doesNotContainKey("fin-wait2-pileup");
            assertThat(Observed.findings(lab.netns(), List.of("--fin-wait2", "40"))).containsKey("fin-wait2-pileup");
        }
        try (Lab lab = Lab.start("fin-wait2", BASE.withCount(40).withFix("close"))) {
            assertThat(Observed.settled(lab.netns(), "FIN_WAIT2", 0)).isZero();
            assertThat(Observed.findings(lab.netns(), List.of("--fin-wait2", "20"))).doesNotContainKey("fin-wait2-pileup");
            assertThat(Observed.findings(lab.netns(), List.of("--fin-wait2", "1"))).doesNotContainKey("fin-wait2-pileup");
        }
        assertThat(io.tcpdoctor.testing.Cli.run("diagnose", "--help").out()).contains("--fin-wait2");
        assertThat(io.tcpdoctor.testing.Cli.run("check", "--help").out()).contains("--fin-wait2");
    }

    @Test
    void synSentWhileTheDestinationDropsSyns() {
        try (Lab lab = Lab.start("syn-sent", BASE.withCount(10))) {
            assertThat(Observed.count(lab.netns(), "SYN_SENT")).isGreaterThanOrEqualTo(10);
            assertThat(String.join("\n", lab.events())).containsIgnoringCase("connect timed out");
        }
    }

    @Test
    void portExhaustionEndsInEaddrnotavailAndThePoolNeedsOnePort() throws Exception {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        String hostRange = Files.readString(range);
        try (Lab lab = Lab.start("port-exhaustion", BASE.withPorts(50))) {
            // One of the 50 ports holds the connection the client keeps open; 49 closed ones fill the rest.
            assertThat(String.join("\n", lab.events())).contains("connect() number 50 ").contains("EADDRNOTAVAIL")
                    .contains("49 connections to 127.0.0.1:8080");
            assertThat(Observed.settled(lab.netns(), "TIME_WAIT", 49)).isEqualTo(49);
            JsonNode f = Observed.findings(lab.netns(), List.of()).get("time-wait-port-exhaustion");
            assertThat(f).isNotNull();
            assertThat(f.get("severity").asText()).isEqualTo("critical");
        }
        try (Lab lab = Lab.start("port-exhaustion", BASE.withPorts(50).withCount(200).withFix("pool"))) {
            assertThat(String.join("\n", lab.events())).contains("200 requests over one kept-alive connection");
            assertThat(Observed.findings(lab.netns(), List.of())).doesNotContainKey("time-wait-port-exhaustion");
        }
        // tcp_tw_reuse=1 inside the namespace: at a rate well below the range size per second, connect() keeps
        // taking over TIME_WAIT ports older than about 1 s, and 26 connections fit through 20 ports.
        try (Lab lab = Lab.start("port-exhaustion", BASE.withPorts(20).withCount(26).withRate(6).withFix("tw-reuse"))) {
            assertThat(String.join("\n", lab.events())).doesNotContain("EADDRNOTAVAIL").contains("26 connections");
        }
        assertThat(Files.readString(range)).as("the host's port range is untouched").isEqualTo(hostRange);
    }

    @Test
    void acceptQueueOverflowAndTheServerThatAccepts() {
        try (Lab lab = Lab.start("accept-overflow", BASE.withCount(20).withBacklog(4))) {
            JsonNode f = Observed.findings(lab.netns(), List.of()).get("accept-queue-overflow");
            assertThat(f).isNotNull();
            assertThat(f.get("evidence").get("recv_q").asLong()).isEqualTo(5);
            assertThat(Observed.count(lab.netns(), "SYN_SENT")).isPositive();
        }
        try (Lab lab = Lab.start("accept-overflow", BASE.withCount(20).withBacklog(4).withFix("accept"))) {
            assertThat(Observed.findings(lab.netns(), List.of())).doesNotContainKey("accept-queue-overflow");
        }
    }

    @Test
    void synFloodFillsTheListenersQueueInTheServerNamespace() {
        try (Lab lab = Lab.start("syn-flood", BASE.withCount(40).withBacklog(128))) {
            assertThat(lab.peerNetns()).endsWith("-syn-flood-peer");
            assertThat(Observed.settled(lab.netns(), "SYN_RECV", 40)).isEqualTo(40);
            assertThat(Observed.settled(lab.peerNetns(), "SYN_SENT", 40)).isEqualTo(40);
            assertThat(Observed.findings(lab.netns(), List.of("--syn-recv", "20"))).containsKey("syn-recv-flood");
        }
    }
}
