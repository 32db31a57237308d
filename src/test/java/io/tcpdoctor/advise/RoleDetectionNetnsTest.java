package io.tcpdoctor.advise;

import io.tcpdoctor.testing.TestNetns;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpdoctor.Main;
import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.collect.Netns;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SnapshotProvider;
import io.tcpdoctor.model.SocketFilter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Role detection from real sockets: a server namespace and a client namespace joined by a veth pair (each sees only
 * its own side), and one namespace talking to itself over loopback (sees both sides: a proxy).
 */
class RoleDetectionNetnsTest {
    static TestNetns server;
    static TestNetns client;
    static TestNetns both;
    static final List<AutoCloseable> sockets = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        server = TestNetns.create("td-advice");
        client = TestNetns.create("td-advice");
        both = TestNetns.create("td-advice");
        server.link(client, "10.213.7.1", "10.213.7.2");
        ServerSocketChannel listener;
        try (Netns _ = Netns.enter(server.name())) {
            listener = ServerSocketChannel.open().bind(new InetSocketAddress("10.213.7.1", 8080), 16);
            sockets.add(listener);
        }
        try (Netns _ = Netns.enter(client.name())) {
            for (int i = 0; i < 3; i++) {
                sockets.add(SocketChannel.open(new InetSocketAddress("10.213.7.1", 8080)));
            }
        }
        try (Netns _ = Netns.enter(server.name())) {
            for (int i = 0; i < 3; i++) {
                sockets.add(listener.accept());
            }
        }
        try (Netns _ = Netns.enter(both.name())) {
            ServerSocketChannel l = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0), 16);
            sockets.add(l);
            for (int i = 0; i < 2; i++) {
                sockets.add(SocketChannel.open(l.getLocalAddress()));
                sockets.add(l.accept());
            }
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (AutoCloseable c : sockets) {
            c.close();
        }
        for (TestNetns ns : new TestNetns[] {server, client, both}) {
            if (ns != null) {
                ns.close();
            }
        }
    }

    private static RoleDetector.Evidence detect(TestNetns ns) {
        Snapshot s = new LiveSnapshots(LiveSnapshots.Kind.AUTO, ns.name()).take(SocketFilter.all(), SnapshotProvider.Needs.RECORDS);
        return RoleDetector.detect(s.sockets(), io.tcpdoctor.ports.PortUsage.of(s.sockets(), io.tcpdoctor.ports.PortRange.DEFAULT));
    }

    @Test
    void listenerWithAcceptedConnectionsIsAServer() {
        RoleDetector.Evidence e = detect(server);
        assertThat(e.role()).isEqualTo(Role.SERVER);
        assertThat(e.listeners()).isEqualTo(1);
        assertThat(e.accepted()).isEqualTo(3);
        assertThat(e.outgoing()).isZero();
        assertThat(e.listeningPorts()).containsExactly(8080);
    }

    @Test
    void outgoingConnectionsMakeAClient() {
        RoleDetector.Evidence e = detect(client);
        assertThat(e.role()).isEqualTo(Role.CLIENT);
        assertThat(e.outgoing()).isEqualTo(3);
        assertThat(e.busiestDestination()).isEqualTo("10.213.7.2 -> 10.213.7.1:8080");
        assertThat(e.busiestDestinationSockets()).isEqualTo(3);
    }

    @Test
    void bothSidesOnLoopbackMakeAProxy() {
        RoleDetector.Evidence e = detect(both);
        assertThat(e.role()).isEqualTo(Role.PROXY);
        assertThat(e.accepted()).isEqualTo(2);
        assertThat(e.outgoing()).isEqualTo(2);
    }

    @Test
    void tuneCommandDetectsTheRoleInsideANamespace() throws IOException {
        ObjectMapper m = new ObjectMapper();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), "tune", "-N", client.name(), "-o", "json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode doc = m.readTree(out.toString());
        assertThat(doc.get("role").asText()).isEqualTo("client");
        assertThat(doc.get("role_source").asText()).isEqualTo("detected");
        assertThat(doc.get("mode").asText()).isEqualTo("dry-run");
        out = new StringWriter();
        code = Main.execute(new PrintWriter(out), new PrintWriter(err), "tune", "-N", server.name(), "--lang", "en");
        assertThat(code).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("role server").contains("3 accepted connection(s) on 1 listener(s)")
                .contains("Not proposed: net.ipv4.tcp_tw_reuse").contains("this host opens none")
                .doesNotContain("net.ipv4.tcp_tw_reuse:");
    }
}
