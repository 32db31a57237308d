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

/** The running kernel (optionally one network namespace): count-only reads, and observations diagnosed by the rules. */
public final class LiveWatchSource implements WatchSource {
    private final LiveSnapshots snapshots;
    private final LiveObserver observer;
    private final Engine engine;
    private final Messages msg;
    private Observation before;

    /** Reads {@code netns} (null = this host's namespace) through {@code snapshots}. */
    public LiveWatchSource(LiveSnapshots snapshots, String netns, Thresholds limits, Messages msg) {
        this.snapshots = snapshots;
        this.observer = new LiveObserver(snapshots, netns);
        this.engine = new Engine(limits, msg);
        this.msg = msg;
    }

    @Override
    public Counts counts() {
        Snapshot s = snapshots.take(SocketFilter.all(), SnapshotProvider.Needs.COUNTS);
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
        return snapshots.describe();
    }

    @Override
    public void close() {
        before = null;
    }
}
