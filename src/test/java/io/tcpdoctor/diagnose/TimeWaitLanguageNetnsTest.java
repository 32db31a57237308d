package io.tcpdoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpdoctor.testing.Cli;
import io.tcpdoctor.testing.TestNetns;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The TIME_WAIT port-exhaustion finding gives its code remedies in the language of the client that closes first:
 * a real Python and a real Node.js client in a namespace, each keeping one connection open (which names the process)
 * and closing 300 others first against a range of 400 ports.
 */
class TimeWaitLanguageNetnsTest {

    static final String PYTHON = """
            import socket, sys, time
            port = int(sys.argv[1])
            srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            srv.bind(('127.0.0.1', port)); srv.listen(512)
            keep = socket.create_connection(('127.0.0.1', port)); kept, _ = srv.accept()
            for i in range(300):
                c = socket.create_connection(('127.0.0.1', port)); s, _ = srv.accept()
                c.close(); s.recv(1); s.close()
            print('READY', flush=True)
            time.sleep(60)
            """;

    static final String NODE = """
            const net = require('net');
            const port = Number(process.argv[1]);
            const srv = net.createServer(s => { s.on('end', () => s.end()); s.resume(); });
            srv.listen(port, '127.0.0.1', async () => {
              const keep = net.connect(port, '127.0.0.1');
              for (let i = 0; i < 300; i++) {
                await new Promise(done => {
                  const c = net.connect(port, '127.0.0.1', () => c.end());
                  c.on('close', done); c.resume();
                });
              }
              console.log('READY');
              setTimeout(() => process.exit(0), 60000);
            });
            """;

    @Test
    void pythonClientGetsPythonRemedies() throws Exception {
        JsonNode f = finding(List.of("python3", "-c", PYTHON, "8097"), 8097);
        String actions = f.get("actions").toString();
        assertThat(f.get("process").get("name").asText()).startsWith("python");
        assertThat(actions).contains("requests.Session").contains("SQLAlchemy").contains("struct.pack")
                .doesNotContain("HikariConfig").doesNotContain("OkHttp").doesNotContain("http.Agent");
    }

    @Test
    void nodeClientGetsNodeRemedies() throws Exception {
        JsonNode f = finding(List.of("node", "-e", NODE, "8098"), 8098);
        String actions = f.get("actions").toString();
        assertThat(f.get("process").get("name").asText()).isEqualTo("node");
        assertThat(actions).contains("keepAlive").contains("pg.Pool").contains("resetAndDestroy")
                .doesNotContain("HikariConfig").doesNotContain("requests.Session");
    }

    /** Runs the client in a fresh namespace (400 ports, no reuse) and returns the exhaustion finding for it. */
    private static JsonNode finding(List<String> client, int port) throws Exception {
        assertTrue(TestNetns.available(), "needs root for network namespaces");
        try (TestNetns ns = TestNetns.create("td-lang")) {
            ns.setSysctls("net.ipv4.ip_local_port_range=40000 40399", "net.ipv4.tcp_tw_reuse=0");
            List<String> cmd = new java.util.ArrayList<>(List.of("ip", "netns", "exec", ns.name()));
            cmd.addAll(client);
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                TestNetns.awaitReady(p, 60_000);
                Cli.Result run = Cli.run("diagnose", "-N", ns.name(), "--format", "json");
                assertThat(run.code()).as(run.err()).isZero();
                JsonNode f = Reports.single(Reports.parse(run.out()), "time-wait-port-exhaustion");
                assertThat(f.get("peer").asText()).isEqualTo("127.0.0.1:" + port);
                // ip netns exec execs the client in place: the inferred owner is that very process.
                assertThat(f.get("process").get("pid").asLong()).isEqualTo(p.pid());
                assertThat(f.get("process").get("inferred").asBoolean()).isTrue();
                return f;
            } finally {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
