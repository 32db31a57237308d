package io.tcpdoctor.serve;

import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.diagnose.Diagnosis;
import io.tcpdoctor.diagnose.Engine;
import io.tcpdoctor.diagnose.Thresholds;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.observe.Needs;
import io.tcpdoctor.observe.Observation;
import io.tcpdoctor.observe.Observer;
import java.time.Duration;

/** Readings of the running kernel (the host or a named namespace) through the live observer and the rule engine. */
public final class LiveObservations implements Observations {
    private final String netns;
    private final Observer observer;
    private final Engine engine;
    private Observation before;

    /** {@code netns} null or "" observes the host. */
    public LiveObservations(LiveSnapshots.Kind kind, String netns, Thresholds limits, Messages msg) {
        String ns = netns == null || netns.isEmpty() ? null : netns;
        this.netns = ns == null ? "" : ns;
        this.observer = Observer.live(kind, ns, Needs.FULL);
        this.engine = new Engine(limits, msg);
    }

    @Override
    public String netns() {
        return netns;
    }

    @Override
    public Reading next() {
        long t0 = System.nanoTime();
        Observation now = observer.observe();
        Diagnosis d = engine.run(now, before);
        // Only the newest observation is kept: rates and growth need one step back, not more.
        before = now;
        return new Reading(netns, now.at(), now.snapshot(), now.host(), d, Duration.ofNanos(System.nanoTime() - t0));
    }

    @Override
    public void close() {
        observer.close();
    }
}
