package io.tcpdoctor.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.tcpdoctor.testing.Cli;
import io.tcpdoctor.testing.TestNetns;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scrape target on 127.0.0.1 that reports one test namespace with the exporter's metric names. Each scrape
 * reads the namespace's real sockets ({@code tcpdoctor list -N NS -p}) and runs the real diagnosis
 * ({@code tcpdoctor diagnose -N NS}), so the values Prometheus stores are what the kernel holds at that moment.
 */
final class NamespaceExporter implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestNetns netns;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private final int portLow;
    private final int portHigh;
    private volatile String last;
    private volatile boolean closed;
    private final Thread refresher;

    NamespaceExporter(TestNetns netns) throws IOException {
        this.netns = netns;
        String[] range = netns.sysctl("net.ipv4.ip_local_port_range").split(" ");
        this.portLow = Integer.parseInt(range[0]);
        this.portHigh = Integer.parseInt(range[1]);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/metrics", ex -> {
            byte[] body;
            int status = 200;
            String text = last;
            if (text == null) {
                status = 503;
                body = "not ready\n".getBytes(StandardCharsets.UTF_8);
            } else {
                body = text.getBytes(StandardCharsets.UTF_8);
            }
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.setExecutor(pool);
        // Reading the namespace takes longer than a scrape may on a loaded machine: refresh in the background
        // (bounded: it stops on close or after 5 minutes) and serve the latest text, as an exporter's sampler does.
        refresher = Thread.ofPlatform().daemon().name("exporter-" + netns.name()).start(() -> {
            long end = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
            while (!closed && System.nanoTime() < end) {
                try {
                    last = exposition();
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    System.err.println("exposition of " + netns.name() + " failed: " + e);
                }
            }
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The exposition text of the latest scrape. */
    String last() {
        return last;
    }

    private String exposition() {
        Cli.Result list = Cli.run("list", "-N", netns.name(), "-p", "-o", "json");
        Cli.Result diag = Cli.run("diagnose", "-N", netns.name(), "-o", "json");
        if (list.code() != 0 || diag.code() != 0) {
            throw new IllegalStateException("tcpdoctor failed: " + list.err() + diag.err());
        }
        JsonNode sockets = read(list.out());
        Map<String, Long> byState = new TreeMap<>();
        Map<String, Long> closeWaitByProcess = new TreeMap<>();
        Map<String, Long> destinations = new TreeMap<>();
        Set<Integer> listening = new HashSet<>();
        for (JsonNode s : sockets) {
            if (s.get("state").asText().equals("LISTEN")) {
                listening.add(s.get("local_port").asInt());
            }
        }
        for (JsonNode s : sockets) {
            String state = s.get("state").asText();
            String family = s.get("proto").asText().equals("tcp6") ? "ipv6" : "ipv4";
            byState.merge("state=\"" + state + "\",family=\"" + family + "\"", 1L, Long::sum);
            if (state.equals("CLOSE_WAIT")) {
                closeWaitByProcess.merge(s.path("process").asText("other"), 1L, Long::sum);
            }
            int lport = s.get("local_port").asInt();
            if (!state.equals("LISTEN") && lport >= portLow && lport <= portHigh && !listening.contains(lport)) {
                destinations.merge(s.get("local_address").asText() + "->" + s.get("remote_address").asText() + ":"
                        + s.get("remote_port").asInt(), 1L, Long::sum);
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("# HELP tcpdoctor_build_info tcpdoctor version\n# TYPE tcpdoctor_build_info gauge\n");
        b.append("tcpdoctor_build_info{netns=\"\",version=\"0.1.0\"} 1\n");
        b.append("# HELP tcpdoctor_sockets Sockets per state and family\n# TYPE tcpdoctor_sockets gauge\n");
        byState.forEach((labels, n) -> b.append("tcpdoctor_sockets{netns=\"\",").append(labels).append("} ").append(n).append('\n'));
        b.append("# HELP tcpdoctor_sockets_by_process Sockets per owning process and state\n# TYPE tcpdoctor_sockets_by_process gauge\n");
        closeWaitByProcess.forEach((p, n) -> b.append("tcpdoctor_sockets_by_process{netns=\"\",process=\"").append(p)
                .append("\",state=\"CLOSE_WAIT\"} ").append(n).append('\n'));
        b.append("# HELP tcpdoctor_destination_ports_in_use Ephemeral ports in use per destination\n")
                .append("# TYPE tcpdoctor_destination_ports_in_use gauge\n");
        destinations.forEach((d, n) -> b.append("tcpdoctor_destination_ports_in_use{netns=\"\",destination=\"").append(d)
                .append("\"} ").append(n).append('\n'));
        b.append("# HELP tcpdoctor_ephemeral_ports_usable Usable ephemeral ports\n# TYPE tcpdoctor_ephemeral_ports_usable gauge\n");
        b.append("tcpdoctor_ephemeral_ports_usable{netns=\"\"} ").append(portHigh - portLow + 1).append('\n');
        b.append("# HELP tcpdoctor_finding Active findings\n# TYPE tcpdoctor_finding gauge\n");
        for (JsonNode f : read(diag.out()).get("findings")) {
            if (!f.get("id").asText().equals("healthy")) {
                b.append("tcpdoctor_finding{netns=\"\",id=\"").append(f.get("id").asText()).append("\",severity=\"")
                        .append(f.get("severity").asText().toLowerCase(Locale.ROOT)).append("\"} 1\n");
            }
        }
        return b.toString();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        refresher.interrupt();
        refresher.join(10_000);
        server.stop(0);
        pool.shutdownNow();
    }
}
