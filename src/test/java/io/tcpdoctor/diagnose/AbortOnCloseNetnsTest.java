package io.tcpdoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcpdoctor.testing.Cli;
import io.tcpdoctor.testing.TestNetns;
import org.junit.jupiter.api.Test;

/** A python3 server that closes each connection without reading the request: every close sends a RST (TCPAbortOnClose). */
class AbortOnCloseNetnsTest {
    @Test
    void closesWithUnreadDataAreReportedFromTheCounter() throws Exception {
        try (TestNetns ns = TestNetns.create("td-rst")) {
            Process p = new ProcessBuilder("ip", "netns", "exec", ns.name(), "python3", "-c", String.join("\n",
                    "import socket, time",
                    "s = socket.socket(); s.bind(('127.0.0.1', 7500)); s.listen(16)",
                    "print('READY', flush=True)",
                    "end = time.time() + 8",
                    "while time.time() < end:",
                    "    c = socket.create_connection(('127.0.0.1', 7500)); c.sendall(b'GET / HTTP/1.1\\r\\n\\r\\n')",
                    "    a, _ = s.accept(); time.sleep(0.02); a.close(); c.close()",
                    "    time.sleep(0.05)")).start();
            try {
                TestNetns.awaitReady(p, 15_000);
                Cli.Result r = Cli.run("diagnose", "-N", ns.name(), "--sample", "2s", "--format", "json");
                assertThat(r.code()).as(r.err()).isZero();
                JsonNode f = Reports.single(Reports.parse(r.out()), "abort-on-close");
                long delta = f.get("evidence").get("abort_on_close_delta").asLong();
                assertThat(delta).isGreaterThanOrEqualTo(10);
                assertThat(f.get("explanation").asText()).contains("RST instead of a FIN");
                // The kernel's counter, read with nstat: at least what the sample saw.
                String nstat = ns.run("nstat", "-az", "TcpExtTCPAbortOnClose");
                long total = nstat.lines().filter(l -> l.startsWith("TcpExtTCPAbortOnClose"))
                        .mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[1])).sum();
                assertThat(total).isGreaterThanOrEqualTo(delta);
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
