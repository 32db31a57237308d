package io.tcpdoctor.serve;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The HTTP side of {@code serve} on the JDK's HTTP server: {@code /metrics}, the dashboard, its assets and the
 * JSON API. Bounded: a fixed pool of threads with a queue as long as the connection limit, GET and HEAD
 * only, request headers limited in size; read and connection limits are set by {@link #limitJdkServer}.
 */
public final class WebServer implements AutoCloseable {
    /** Request headers above this many bytes get 431; the JDK server closes the connection far above it. */
    public static final int MAX_HEADER_BYTES = 8 * 1024;

    private final HttpServer server;
    private final ThreadPoolExecutor pool;
    private final Exporter exporter;
    private final Auth auth;
    private final Map<String, Asset> assets;
    private final String dashboard;

    /** A static file served from the jar. */
    record Asset(String type, byte[] body) {
    }

    private WebServer(HttpServer server, ThreadPoolExecutor pool, Exporter exporter, Auth auth) throws IOException {
        this.server = server;
        this.pool = pool;
        this.exporter = exporter;
        this.auth = auth;
        this.assets = assets();
        this.dashboard = new String(resource("dashboard.html"), StandardCharsets.UTF_8);
    }

    /**
     * Sets the JDK server's limits. They are read once when its classes load, so this must run before the first
     * server is created in this JVM: {@code requestSeconds} bounds reading a request (a slow client is
     * disconnected after it), responses must be written within 30 s, at most {@code maxConnections} are open.
     */
    public static void limitJdkServer(int requestSeconds, int maxConnections) {
        System.setProperty("sun.net.httpserver.maxReqTime", Integer.toString(requestSeconds));
        System.setProperty("sun.net.httpserver.maxRspTime", "30");
        System.setProperty("sun.net.httpserver.timerMillis", "250");
        System.setProperty("sun.net.httpserver.idleInterval", "30");
        // A keep-alive connection finding the idle set full is closed without a word; its client's next request then
        // fails. The connection limit already bounds idle connections.
        System.setProperty("sun.net.httpserver.maxIdleConnections", Integer.toString(maxConnections));
        System.setProperty("jdk.httpserver.maxConnections", Integer.toString(maxConnections));
        System.setProperty("sun.net.httpserver.maxReqHeaders", "64");
        System.setProperty("sun.net.httpserver.maxReqHeaderSize", Integer.toString(8 * MAX_HEADER_BYTES));
    }

    /** Binds and starts; {@code tls} and {@code auth} may be null. Throws {@link java.net.BindException} when the port is taken. */
    public static WebServer start(InetSocketAddress address, SSLContext tls, Auth auth, Exporter exporter, int threads) throws IOException {
        HttpServer s;
        if (tls != null) {
            HttpsServer https = HttpsServer.create(address, 64);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            s = https;
        } else {
            s = HttpServer.create(address, 64);
        }
        AtomicInteger n = new AtomicInteger();
        // Every connection the JDK server accepts (at most jdk.httpserver.maxConnections, see limitJdkServer) may wait
        // for a thread: a queue shorter than that closed scrapes of 50 concurrent scrapers when the machine was busy.
        int queue = Math.max(threads * 8, Integer.getInteger("jdk.httpserver.maxConnections", 0));
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue),
                r -> Thread.ofPlatform().daemon().name("serve-http-" + n.incrementAndGet()).unstarted(r),
                new ThreadPoolExecutor.AbortPolicy());
        s.setExecutor(pool);
        WebServer w = new WebServer(s, pool, exporter, auth);
        s.createContext("/", w::handle);
        s.start();
        return w;
    }

    /** The bound address (with the real port when 0 was asked). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            int headerBytes = 0;
            for (Map.Entry<String, List<String>> h : x.getRequestHeaders().entrySet()) {
                for (String v : h.getValue()) {
                    headerBytes += h.getKey().length() + v.length() + 4;
                }
            }
            if (headerBytes > MAX_HEADER_BYTES) {
                text(x, 431, "request headers too large\n");
                return;
            }
            if (auth != null && !auth.allows(x.getRequestHeaders().getFirst("Authorization"))) {
                x.getResponseHeaders().set("WWW-Authenticate", auth.challenge());
                text(x, 401, "unauthorized\n");
                return;
            }
            String method = x.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                x.getResponseHeaders().set("Allow", "GET, HEAD");
                text(x, 405, "method not allowed\n");
                return;
            }
            route(x);
        } catch (RuntimeException e) {
            // One bad request must not take the server down; the client learns nothing internal.
            try {
                text(x, 500, "internal error\n");
            } catch (IOException | RuntimeException ignored) {
                // Response already started or connection gone.
            }
        }
    }

    private void route(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getRawPath();
        Map<String, String> q = query(x.getRequestURI().getRawQuery());
        switch (path) {
            case "/metrics" -> {
                PrometheusExposition.Encoded e = exporter.metrics(x.getRequestHeaders().getFirst("Accept"));
                send(x, 200, e.contentType(), e.body(), "no-store");
            }
            case "/" -> send(x, 200, "text/html; charset=utf-8", dashboardHtml().getBytes(StandardCharsets.UTF_8), "no-store");
            case "/api/namespaces" -> json(x, 200, Api.namespaces(exporter));
            case "/api/states", "/api/series", "/api/groups", "/api/findings" -> api(x, path, q);
            default -> {
                Asset a = path.startsWith("/assets/") ? assets.get(path.substring(8)) : null;
                if (a == null) {
                    text(x, 404, "not found\n");
                } else {
                    send(x, 200, a.type(), a.body(), "max-age=3600");
                }
            }
        }
    }

    private void api(HttpExchange x, String path, Map<String, String> q) throws IOException {
        Monitor m = exporter.monitor(q.get("netns"));
        if (m == null) {
            json(x, 404, Api.error("no such namespace; see /api/namespaces"));
            return;
        }
        if (m.latest() == null) {
            json(x, 503, Api.error("no sample yet"));
            return;
        }
        switch (path) {
            case "/api/states" -> json(x, 200, Api.states(m));
            case "/api/series" -> json(x, 200, Api.series(m));
            case "/api/findings" -> json(x, 200, Api.findings(m));
            default -> {
                Dimension by;
                try {
                    by = Dimension.parse(q.getOrDefault("by", "local-port"));
                } catch (IllegalArgumentException e) {
                    json(x, 400, Api.error(e.getMessage()));
                    return;
                }
                json(x, 200, Api.groups(m, by));
            }
        }
    }

    /** The dashboard page; the namespace names are the only server-side text in it, escaped. */
    String dashboardHtml() {
        StringBuilder opts = new StringBuilder();
        for (Monitor m : exporter.monitors()) {
            String label = m.netns().isEmpty() ? "host" : m.netns();
            opts.append("<option value=\"").append(Html.escape(m.netns())).append("\">").append(Html.escape(label)).append("</option>");
        }
        return dashboard.replace("{{NETNS_OPTIONS}}", opts.toString());
    }

    static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String part : raw.split("&", 16)) {
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq);
            String v = eq < 0 ? "" : part.substring(eq + 1);
            try {
                m.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // A malformed escape is treated as an absent parameter.
            }
        }
        return m;
    }

    private static void json(HttpExchange x, int status, byte[] body) throws IOException {
        send(x, status, "application/json", body, "no-store");
    }

    private static void text(HttpExchange x, int status, String body) throws IOException {
        send(x, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), "no-store");
    }

    private static void send(HttpExchange x, int status, String type, byte[] body, String cache) throws IOException {
        Headers h = x.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Cache-Control", cache);
        h.set("X-Content-Type-Options", "nosniff");
        if (type.startsWith("text/html")) {
            h.set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                    + "img-src 'self' data:; frame-ancestors 'none'");
            h.set("Referrer-Policy", "no-referrer");
        }
        if (x.getRequestMethod().equals("HEAD")) {
            h.set("Content-Length", Integer.toString(body.length));
            x.sendResponseHeaders(status, -1);
            return;
        }
        x.sendResponseHeaders(status, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, Asset> assets() throws IOException {
        Properties p = new Properties();
        try (InputStream in = WebServer.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IOException("uPlot WebJar missing from the class path");
            }
            p.load(in);
        }
        String dist = "/META-INF/resources/webjars/uplot/" + p.getProperty("version") + "/dist/";
        Map<String, Asset> m = new HashMap<>();
        m.put("uPlot.iife.min.js", new Asset("text/javascript; charset=utf-8", classpath(dist + "uPlot.iife.min.js")));
        m.put("uPlot.min.css", new Asset("text/css; charset=utf-8", classpath(dist + "uPlot.min.css")));
        m.put("dashboard.js", new Asset("text/javascript; charset=utf-8", resource("dashboard.js")));
        m.put("dashboard.css", new Asset("text/css; charset=utf-8", resource("dashboard.css")));
        return Map.copyOf(m);
    }

    private static byte[] resource(String name) throws IOException {
        return classpath("/io/tcpdoctor/serve/" + name);
    }

    private static byte[] classpath(String path) throws IOException {
        try (InputStream in = WebServer.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("missing resource " + path);
            }
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        server.stop(1);
        pool.shutdownNow();
    }
}
