package io.tcpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpdoctor.collect.Netns;
import io.tcpdoctor.testing.Cli;
import io.tcpdoctor.testing.PortChurn;
import io.tcpdoctor.testing.TestNetns;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * capacity --from-host in a namespace with three kinds of traffic: a client closing 200 connections a second to
 * one destination, one closing 40 a second to another, and connections whose server closes first (TIME_WAIT on the
 * server side: connect() calls, but no port held by this host's outgoing side). It must model the busiest
 * destination alone at its own rate, not spread the host's closes over the destinations, and with --sample count
 * the closes this host made first to that destination, not every connect() (Tcp ActiveOpens).
 */
class CapacityBusiestNetnsTest {
    static final int BUSY = 8101;
    static final int QUIET = 8102;

    @Test
    void modelsTheBusiestDestinationAtItsOwnRate() throws Exception {
        assertTrue(TestNetns.available(), "needs root for network namespaces");
        try (TestNetns ns = TestNetns.create("td-busiest")) {
            ns.setSysctls("net.ipv4.tcp_tw_reuse=0");
            // Bounded: both children stop after 30 s; the server-closes loop after 6000 connections or the test.
            Process busy = ns.startJava(PortChurn.class, "127.0.0.1", Integer.toString(BUSY), "200", "30");
            Process quiet = ns.startJava(PortChurn.class, "127.0.0.1", Integer.toString(QUIET), "40", "30");
            TestNetns.awaitReady(busy, 60_000);
            TestNetns.awaitReady(quiet, 60_000);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger serverClosed = new AtomicInteger();
            Thread serverCloses = new Thread(() -> {
                try (Netns _ = Netns.enter(ns.name()); ServerSocketChannel l = ServerSocketChannel.open()) {
                    l.bind(new InetSocketAddress("127.0.0.1", 0), 64);
                    for (int i = 0; i < 6000 && !stop.get(); i++) {
                        SocketChannel c = SocketChannel.open(l.getLocalAddress());
                        try (c) {
                            SocketChannel s = l.accept();
                            // The server closes first: its side, on the listening port, gets the TIME_WAIT.
                            s.close();
                            c.read(ByteBuffer.allocate(1));
                        }
                        serverClosed.incrementAndGet();
                        Thread.sleep(4);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            serverCloses.start();
            try {
                Thread.sleep(3000);
                Cli.Result r = Cli.run("capacity", "--from-host", "-N", ns.name(), "-o", "json");
                assertThat(r.code()).as(r.err()).isZero();
                JsonNode doc = new ObjectMapper().readTree(r.out());
                assertThat(doc.get("inputs").get("destinations").asInt()).isEqualTo(1);
                // The two churning destinations; the server-closes loop's listener is a third one whenever the
                // snapshot catches its client between connect() and close().
                assertThat(doc.get("measured").toString()).contains("127.0.0.1:" + BUSY)
                        .containsPattern("each of the [23] destination\\(s\\)");
                assertThat(doc.get("inputs").get("close_rate_source").asText()).isEqualTo("time-wait-ages");
                double unsampled = doc.get("inputs").get("close_rate").asDouble();
                assertThat(unsampled).isBetween(120.0, 260.0);

                long opens0 = ns.counter("Tcp", "ActiveOpens");
                long t0 = System.nanoTime();
                Cli.Result s = Cli.run("capacity", "--from-host", "-N", ns.name(), "--sample", "2s", "-o", "json");
                double connects = (ns.counter("Tcp", "ActiveOpens") - opens0) / ((System.nanoTime() - t0) / 1e9);
                assertThat(s.code()).as(s.err()).isZero();
                JsonNode sd = new ObjectMapper().readTree(s.out());
                assertThat(sd.get("inputs").get("close_rate_source").asText()).isEqualTo("kernel-counters");
                double sampled = sd.get("inputs").get("close_rate").asDouble();
                assertThat(sampled).isBetween(120.0, 260.0);
                // Every connect() in the namespace is well above the busiest destination's closes.
                assertThat(connects).as("connects/s").isGreaterThan(sampled * 1.3);
                assertThat(sd.get("inputs").get("destinations").asInt()).isEqualTo(1);
            } finally {
                stop.set(true);
                serverCloses.join(10_000);
            }
            assertThat(serverClosed.get()).isPositive();
        }
    }

}
