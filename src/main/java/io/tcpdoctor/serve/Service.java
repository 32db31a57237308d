package io.tcpdoctor.serve;

import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.diagnose.Thresholds;
import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.ExitHooks;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.i18n.Messages;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * {@code tcpdoctor serve} running: one {@link Monitor} per namespace sampling in the background, the web server
 * answering from their newest samples, until the process is stopped (or {@code stopAfter} passes).
 *
 * @param namespaces the namespaces to observe; {@code ""} is the host's own
 * @param kind the live source
 * @param every how often each namespace is sampled
 * @param ownerEvery how often socket owners are scanned
 * @param groupLimit series per dimension
 * @param redact whether process names are replaced by pseudonyms
 * @param address where to listen
 * @param auth the credentials every request needs, or null
 * @param tls the TLS context, or null for plain HTTP
 * @param threads request-handling threads
 * @param maxConnections open connections at most
 * @param requestLimit the time a request has to arrive
 * @param stopAfter stop by itself after this long, or null to run until stopped
 * @param messages the language of findings
 */
public record Service(List<String> namespaces, LiveSnapshots.Kind kind, Duration every, Duration ownerEvery, int groupLimit,
                      boolean redact, InetSocketAddress address, Auth auth, SSLContext tls, int threads, int maxConnections,
                      Duration requestLimit, Duration stopAfter, Messages messages) {

    /** Samples every namespace once (a missing one or a permission problem fails here), serves, and waits; returns 0. */
    public int run(PrintWriter err) {
        List<Monitor> monitors = new ArrayList<>();
        try {
            for (String n : namespaces) {
                Monitor m = new Monitor(new LiveObservations(kind, n, ownerEvery, Thresholds.DEFAULTS, messages), every,
                        groupLimit, Redactor.of(redact));
                monitors.add(m);
                // The first sample runs here so that a missing namespace or permission fails the start, not a scrape.
                m.sampleNow();
            }
            Exporter exporter = new Exporter(monitors);
            WebServer.limitJdkServer((int) Math.max(1, requestLimit.toSeconds()), maxConnections);
            WebServer web = listen(exporter);
            monitors.forEach(Monitor::start);
            String url = (tls != null ? "https://" : "http://") + ListenAddress.text(web.address()) + "/";
            err.println("tcpdoctor: serving " + url + " (metrics at " + url + "metrics; namespaces: "
                    + String.join(", ", namespaces.stream().map(n -> n.isEmpty() ? "host" : n).toList()) + "; every "
                    + every.toMillis() / 1000.0 + " s)");
            err.flush();
            awaitStop();
            web.close();
            return 0;
        } finally {
            monitors.forEach(Monitor::close);
        }
    }

    private WebServer listen(Exporter exporter) {
        try {
            return WebServer.start(address, tls, auth, exporter, threads);
        } catch (BindException e) {
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot listen on " + ListenAddress.text(address) + ": "
                    + (e.getMessage() == null ? "address unavailable" : e.getMessage().toLowerCase(Locale.ROOT)));
        } catch (IOException e) {
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot listen on " + ListenAddress.text(address) + ": " + e.getMessage());
        }
    }

    /** Until SIGTERM/SIGINT (the shutdown hook), or {@code stopAfter}. */
    private void awaitStop() {
        CountDownLatch stop = new CountDownLatch(1);
        ExitHooks.add(new Thread(stop::countDown));
        try {
            if (stopAfter == null) {
                stop.await();
            } else {
                stop.await(stopAfter.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads {@code --auth-file}, with a note on {@code err} when other users can read it; bad input is exit 4. */
    public static Auth readAuth(Path file, PrintWriter err) {
        try {
            Auth a = Auth.read(file);
            if (Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ)) {
                err.println("tcpdoctor: note: " + file + " is readable by every user; chmod 600 it");
            }
            return a;
        } catch (NoSuchFileException e) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, "--auth-file: no such file " + file);
        } catch (IOException e) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, "--auth-file: cannot read " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, "--auth-file: " + e.getMessage());
        }
    }

    /** Reads the certificate and key of {@code --tls-cert}/{@code --tls-key}; bad input is exit 4. */
    public static SSLContext readTls(Path cert, Path key) {
        try {
            return Tls.context(cert, key);
        } catch (NoSuchFileException e) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, "no such file " + e.getFile());
        } catch (IOException e) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, "cannot read TLS files: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, e.getMessage());
        }
    }
}
