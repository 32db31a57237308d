package io.tcpdoctor.watch;

import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Diagnosis;
import io.tcpdoctor.diagnose.Engine;
import io.tcpdoctor.diagnose.LiveObserver;
import io.tcpdoctor.diagnose.Observation;
import io.tcpdoctor.diagnose.SocketIndex;
import io.tcpdoctor.diagnose.Thresholds;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.query.SnapshotProvider;
import io.tcpdoctor.query.SocketFilter;
import java.time.Instant;

/**
 * The running kernel (optionally one network namespace): count-only reads, and observations diagnosed by the rules.
 * {@link #counts()} and {@link #detail()} may run at the same time on different threads; each alone is not reentrant.
 */
public final class LiveWatchSource implements WatchSource {
    private final LiveSnapshots counter;
    private final LiveSnapshots snapshots;
    private final LiveObserver observer;
    private final Engine engine;
    private final Messages msg;
    private Observation before;

    /**
     * Reads {@code netns} (null = this host's namespace) with {@code kind}. Counts and records have a reader each,
     * because a record read may run on another thread while counts are taken.
     */
    public LiveWatchSource(LiveSnapshots.Kind kind, String netns, Thresholds limits, Messages msg) {
        this.counter = new LiveSnapshots(kind, netns);
        this.snapshots = new LiveSnapshots(kind, netns);
        this.observer = new LiveObserver(snapshots, netns);
        this.engine = new Engine(limits, msg);
        this.msg = msg;
    }

    @Override
    public Counts counts() {
        Snapshot s = counter.take(SocketFilter.all(), SnapshotProvider.Needs.COUNTS);
        return new Counts(s.takenAt() != null ? s.takenAt() : Instant.now(), s.counts(), s.notes());
    }

    @Override
    public Detail detail() {
        Observation now = observer.take();
        Diagnosis d = engine.run(now, before);
        // A context of its own, so the port range and the outgoing test are the ones the rules use.
        Context ctx = new Context(now, null, Thresholds.DEFAULTS, msg);
        SocketIndex index = ctx.sockets();
        before = now;
        Snapshot s = now.snapshot();
        return new Detail(now.at(), s.counts(), s.sockets(), d.findings(), ctx.portRange(), index::outgoing, s.notes());
    }

    @Override
    public String describe() {
        return counter.describe();
    }

    @Override
    public void close() {
        before = null;
    }
}
