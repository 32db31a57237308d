package io.tcpdoctor.serve;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples one namespace in the background at a fixed rate and keeps what the HTTP side reads: the newest
 * view, its metric families and the last hour's history. A scrape only reads these; it never observes.
 */
public final class Monitor implements AutoCloseable {
    /** The newest sample: its view and metric families; {@code generation} counts samples. */
    public record Latest(View view, List<Family> families, long generation) {
    }

    /** What a sample that ran out of heap reports (the launcher caps serve's heap; see README). */
    static final String OUT_OF_MEMORY = "out of memory: the heap is too small for this many sockets; raise it, e.g."
            + " TCPDOCTOR_JAVA_OPTS=-Xmx1g";

    private final Observations source;
    private final Duration interval;
    private final int groupLimit;
    private final Redactor redactor;
    private final History history;
    private final ScheduledExecutorService loop;
    private volatile Latest latest;
    private volatile String lastError;
    private volatile long failures;

    public Monitor(Observations source, Duration interval, int groupLimit, Redactor redactor) {
        this.source = source;
        this.interval = interval;
        this.groupLimit = groupLimit;
        this.redactor = redactor;
        this.history = new History(interval);
        // A platform thread: namespace I/O enters the namespace with setns, which binds the OS thread.
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = Thread.ofPlatform().daemon().name("serve-sample-" + (source.netns().isEmpty() ? "host" : source.netns())).unstarted(r);
            return t;
        });
    }

    /** The namespace label. */
    public String netns() {
        return source.netns();
    }

    /** Takes one sample now, in the calling thread; its errors propagate (used once at start-up). */
    public void sampleNow() {
        Reading r = source.next();
        View v = View.of(r, groupLimit, redactor);
        List<Family> fams = Metrics.of(v);
        history.add(v.at().toEpochMilli(), v.states(), v.activeFindings().size());
        Latest before = latest;
        latest = new Latest(v, fams, before == null ? 1 : before.generation() + 1);
    }

    /** Starts sampling every interval after the first one. */
    public void start() {
        loop.scheduleAtFixedRate(this::sampleQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sampleQuietly() {
        try {
            sampleNow();
            lastError = null;
        } catch (RuntimeException e) {
            // A failed sample keeps the previous one on display and counts; the loop goes on.
            failures++;
            lastError = e.getMessage();
        } catch (OutOfMemoryError e) {
            // Let through, it would end this schedule silently and leave the last sample on display for ever. The
            // half-built observation is garbage now; the next sample may fit, and the failure shows meanwhile.
            failures++;
            lastError = OUT_OF_MEMORY;
        }
    }

    /** The newest sample, or null before the first. */
    public Latest latest() {
        return latest;
    }

    /** The last hour. */
    public History history() {
        return history;
    }

    /** The sampling interval. */
    public Duration interval() {
        return interval;
    }

    /** Samples that failed since start. */
    public long failures() {
        return failures;
    }

    /** The message of the last failed sample if the newest attempt failed, else null. */
    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
