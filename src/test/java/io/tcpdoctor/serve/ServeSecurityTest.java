package io.tcpdoctor.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tcpdoctor.testing.Cli;
import io.tcpdoctor.testing.ServeProcess;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} with credentials from a file, HTTPS from PEM files made by openssl, and redacted process names;
 * plus the start-up errors and their exit codes.
 */
class ServeSecurityTest {
    static final String TOKEN = "t0ken-for-the-serve-test-0123456789";

    @TempDir
    static Path dir;

    static ServeProcess serve;
    static HttpClient client;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to see every process's sockets");
        Path auth = dir.resolve("auth");
        Files.writeString(auth, "# tokens for the test\nbearer " + TOKEN + "\nbasic admin:s3cret pass\n");
        Files.setPosixFilePermissions(auth, PosixFilePermissions.fromString("rw-------"));
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(), "-days", "1", "-nodes",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        serve = ServeProcess.start("--auth-file", auth.toString(), "--tls-cert", dir.resolve("cert.pem").toString(),
                "--tls-key", dir.resolve("key.pem").toString(), "--redact-process", "--interval", "1s",
                // Owners every sample: the sockets checked here (the listener, this test's connections) are opened after start.
                "--owner-interval", "1s");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("cert.pem"))) {
            trust.setCertificateEntry("serve", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        client = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterAll
    static void tearDown() {
        if (serve != null) {
            serve.close();
        }
        if (client != null) {
            client.close();
        }
    }

    static HttpResponse<String> get(String path, String method, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(serve.base() + path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyPathNeedsTheCredentialsOverTls() throws Exception {
        assertThat(serve.base()).startsWith("https://");
        HttpResponse<String> none = get("/metrics", "GET");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic realm=");
        assertThat(none.body()).doesNotContain("tcpdoctor_");
        assertThat(get("/", "GET").statusCode()).isEqualTo(401);
        assertThat(get("/api/states", "GET").statusCode()).isEqualTo(401);
        assertThat(get("/metrics", "GET", "Authorization", "Bearer " + TOKEN + "x").statusCode()).isEqualTo(401);
        assertThat(get("/metrics", "GET", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(get("/metrics", "POST", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> ok = get("/metrics", "GET", "Authorization", "Bearer " + TOKEN);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("tcpdoctor_sockets{");
        String basic = "Basic " + Base64.getEncoder().encodeToString("admin:s3cret pass".getBytes(StandardCharsets.UTF_8));
        assertThat(get("/api/states", "GET", "Authorization", basic).statusCode()).isEqualTo(200);
        assertThat(get("/metrics", "POST", "Authorization", basic).statusCode()).isEqualTo(405);
        assertThat(get("/missing", "GET", "Authorization", basic).statusCode()).isEqualTo(404);
    }

    @Test
    void processNamesAreRedacted() throws Exception {
        // This test's own JVM holds sockets (the HTTPS connection), so a 'java' owner exists on the host.
        // The first sample may predate every owned socket (the listener and this connection open after it): wait
        // for a sample that saw them, at most a few intervals.
        String body = get("/metrics", "GET", "Authorization", "Bearer " + TOKEN).body();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        // A sample of only ownerless sockets (TIME_WAIT left on the host by other programs) is not one that saw them.
        java.util.regex.Pattern owned = java.util.regex.Pattern.compile(
                "tcpdoctor_sockets_by_process\\{[^}]*process=\"(?!\\(no owner\\)\"|\\?\")");
        while (!owned.matcher(body).find() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            body = get("/metrics", "GET", "Authorization", "Bearer " + TOKEN).body();
        }
        assertThat(body).contains("tcpdoctor_sockets_by_process{").doesNotContain("process=\"java\"")
                .containsPattern("process=\"process-[0-9a-f]{8}\"");
        String groups = get("/api/groups?by=process", "GET", "Authorization", "Bearer " + TOKEN).body();
        assertThat(groups).doesNotContain("\"java\"").contains("process-");
    }

    @Test
    void startUpErrorsAreOneLineWithTheirExitCode() throws Exception {
        Cli.Result bad = Cli.run("serve", "--listen", "nowhere:80x");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("tcpdoctor: bad --listen").doesNotContain("Exception");
        Cli.Result open = Cli.run("serve", "--listen", "0.0.0.0:0");
        assertThat(open.code()).isEqualTo(2);
        assertThat(open.err()).contains("--auth-file");
        assertThat(Cli.run("serve", "--interval", "0s").code()).isEqualTo(2);
        assertThat(Cli.run("serve", "--group-limit", "0").code()).isEqualTo(2);
        Cli.Result noNs = Cli.run("serve", "-N", "td-serve-no-such-ns");
        assertThat(noNs.code()).isEqualTo(3);
        assertThat(noNs.err()).contains("td-serve-no-such-ns").contains("not found");
        Cli.Result noAuth = Cli.run("serve", "--auth-file", dir.resolve("missing").toString());
        assertThat(noAuth.code()).isEqualTo(4);
        assertThat(noAuth.err()).contains("no such file");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli.Result busy = Cli.run("serve", "--listen", "127.0.0.1:" + taken.getLocalPort());
            assertThat(busy.code()).isEqualTo(3);
            assertThat(busy.err().strip()).startsWith("tcpdoctor: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .doesNotContain("\n");
        }
    }
}
