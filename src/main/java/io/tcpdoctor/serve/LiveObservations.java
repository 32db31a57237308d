package io.tcpdoctor.serve;

import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.diagnose.Diagnosis;
import io.tcpdoctor.diagnose.Engine;
import io.tcpdoctor.observe.LiveObserver;
import io.tcpdoctor.observe.Observation;
import io.tcpdoctor.diagnose.Thresholds;
import io.tcpdoctor.i18n.Messages;
import java.time.Duration;

/** Readings of the running kernel (the host or a named namespace) through the live observer and the rule engine. */
public final class LiveObservations implements Observations {
    private final String netns;
    private final LiveObserver observer;
    private final Engine engine;
    private Observation before;

    /** {@code netns} null or "" observes the host. */
    public LiveObservations(LiveSnapshots.Kind kind, String netns, Thresholds limits, Messages msg) {
        String ns = netns == null || netns.isEmpty() ? null : netns;
        this.netns = ns == null ? "" : ns;
        this.observer = new LiveObserver(new LiveSnapshots(kind, ns), ns);
        this.engine = new Engine(limits, msg);
    }

    @Override
    public String netns() {
        return netns;
    }

    @Override
    public Reading next() {
        long t0 = System.nanoTime();
        Observation now = observer.take();
        Diagnosis d = engine.run(now, before);
        // Only the newest observation is kept: rates and growth need one step back, not more.
        before = now;
        return new Reading(netns, now.at(), now.snapshot(), now.host(), d, Duration.ofNanos(System.nanoTime() - t0));
    }
}
