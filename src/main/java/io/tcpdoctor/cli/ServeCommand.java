package io.tcpdoctor.cli;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.serve.Auth;
import io.tcpdoctor.serve.ListenAddress;
import io.tcpdoctor.serve.Service;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tcpdoctor serve}: a Prometheus exporter and live dashboard for one or more network namespaces. */
@Command(name = "serve", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Serve Prometheus metrics (/metrics), a live dashboard (/) and a JSON API (/api/...) about the "
                + "TCP sockets of this host or of named network namespaces. Each namespace is observed in the background "
                + "every --interval (sockets, owners, kernel counters, then the diagnosis rules); a scrape only sends the "
                + "newest results, so it costs the same at 100 sockets or 100,000.",
                "Safe by default: listens on 127.0.0.1 only. Any other address needs --auth-file; add --tls-cert and "
                        + "--tls-key to encrypt. Metric names are listed in the README (serve)."},
        footer = {"", "Examples:",
                "  tcpdoctor serve                                # http://127.0.0.1:" + ServeCommand.DEFAULT_PORT + "/",
                "  tcpdoctor serve -N blue -N green --host        # two namespaces and the host",
                "  tcpdoctor serve --listen 0.0.0.0:" + ServeCommand.DEFAULT_PORT + " --auth-file /etc/tcpdoctor/auth \\",
                "      --tls-cert /etc/tcpdoctor/cert.pem --tls-key /etc/tcpdoctor/key.pem",
                "", "Auth file: one credential per line, 'bearer TOKEN' (16+ characters) or 'basic USER:PASSWORD'; keep it mode 0600."})
public class ServeCommand extends BaseCommand {
    /** Default port: outside the fully allocated 9100-9999 exporter range, unused by well-known services. */
    public static final int DEFAULT_PORT = 10976;

    @Option(names = {"-N", "--netns"}, paramLabel = "NAME",
            description = "Observe this named network namespace (repeatable; label netns=NAME). Needs root.")
    List<String> netns = new ArrayList<>();

    @Option(names = "--host", description = "With -N: observe the host's own namespace too (label netns=\"\"). "
            + "Without -N the host is observed anyway.")
    boolean host;

    @Option(names = "--source", paramLabel = "KIND", description = "Live source: auto, netlink or proc. Default: auto.")
    String source;

    @Option(names = "--listen", paramLabel = "ADDR:PORT", defaultValue = "127.0.0.1:" + DEFAULT_PORT,
            description = "Address and port to listen on: 127.0.0.1:PORT, [::1]:PORT, 0.0.0.0:PORT or just PORT "
                    + "(loopback). Port 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    String listen;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "5s",
            description = "How often each namespace is observed (1s to 5m). Default: ${DEFAULT-VALUE}.")
    String interval;

    @Option(names = "--owner-interval", paramLabel = "DURATION", defaultValue = "30s",
            description = "How often the process behind each socket is looked up for the per-process series (a scan of "
                    + "every /proc/PID/fd, the costliest part of a sample; 1s to 1h, at most once per --interval). In "
                    + "between, a socket keeps the process its inode had at the last scan; one opened since counts as "
                    + "'?'. Default: ${DEFAULT-VALUE}.")
    String ownerInterval;

    @Option(names = "--group-limit", paramLabel = "N", defaultValue = "20",
            description = "Series per dimension (local port, peer, process, destination): the N largest groups, the "
                    + "rest summed as 'other'. 1 to 1000. Default: ${DEFAULT-VALUE}.")
    int groupLimit;

    @Option(names = "--auth-file", paramLabel = "FILE",
            description = "Require these credentials on every request (needed for any non-loopback --listen).")
    Path authFile;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Serve HTTPS with this certificate (chain), PEM.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "The certificate's private key, unencrypted PKCS#8 PEM.")
    Path tlsKey;

    @Option(names = "--redact-process", description = "Replace process names everywhere (metrics, dashboard, findings) "
            + "by stable pseudonyms (process-1a2b3c4d).")
    boolean redact;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "4",
            description = "Request-handling threads (1 to 64). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "64",
            description = "Open connections at most (2 to 10000); more are refused. Default: ${DEFAULT-VALUE}.")
    int maxConnections;

    @Option(names = "--request-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "A request must arrive completely within this time (1s to 5m), or its connection is closed. "
                    + "Default: ${DEFAULT-VALUE}.")
    String requestTimeout;

    @Option(names = "--exit-after", paramLabel = "DURATION", hidden = true,
            description = "Stop by itself after this long (benchmarks and tests).")
    String exitAfter;

    @Mixin
    LanguageOption language = new LanguageOption();

    @Override
    public Integer call() {
        Duration every = Durations.parse("--interval", interval, Duration.ofSeconds(1), Duration.ofMinutes(5));
        Duration ownerEvery = Durations.parse("--owner-interval", ownerInterval, Duration.ofSeconds(1), Duration.ofHours(1));
        Duration readLimit = Durations.parse("--request-timeout", requestTimeout, Duration.ofSeconds(1), Duration.ofMinutes(5));
        Duration stopAfter = exitAfter == null ? null
                : Durations.parse("--exit-after", exitAfter, Duration.ofSeconds(1), Duration.ofDays(365));
        if (groupLimit < 1 || groupLimit > 1000) {
            throw new TcpdoctorException(ExitCode.USAGE, "--group-limit must be between 1 and 1000");
        }
        if (threads < 1 || threads > 64 || maxConnections < 2 || maxConnections > 10_000) {
            throw new TcpdoctorException(ExitCode.USAGE, "--threads must be 1 to 64 and --max-connections 2 to 10000");
        }
        InetSocketAddress address = usage(() -> ListenAddress.parse(listen, DEFAULT_PORT));
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new TcpdoctorException(ExitCode.USAGE, "--tls-cert and --tls-key go together");
        }
        if (!address.getAddress().isLoopbackAddress() && authFile == null) {
            throw new TcpdoctorException(ExitCode.USAGE, "--listen " + listen + " is reachable from other hosts: give "
                    + "--auth-file FILE (and --tls-cert/--tls-key), or listen on 127.0.0.1");
        }
        LiveSnapshots.Kind kind = usage(() -> LiveSnapshots.Kind.parse(source == null ? "auto" : source));
        Messages msg = language.messages();
        Auth auth = authFile == null ? null : Service.readAuth(authFile, err());
        SSLContext tls = tlsCert == null ? null : Service.readTls(tlsCert, tlsKey);
        List<String> names = new ArrayList<>();
        if (netns.isEmpty() || host) {
            names.add("");
        }
        for (String n : netns) {
            if (n.isBlank() || names.contains(n)) {
                throw new TcpdoctorException(ExitCode.USAGE, "-N needs distinct namespace names, got '" + n + "' twice or empty");
            }
            names.add(n);
        }
        return new Service(names, kind, every, ownerEvery, groupLimit, redact, address, auth, tls, threads, maxConnections,
                readLimit, stopAfter, msg).run(err());
    }
}
