package io.tcpdoctor.serve;

import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.diagnose.Diagnosis;
import io.tcpdoctor.diagnose.Engine;
import io.tcpdoctor.diagnose.rules.Rules;
import io.tcpdoctor.diagnose.Thresholds;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.observe.Delta;
import io.tcpdoctor.observe.Observation;
import io.tcpdoctor.observe.Sampler;
import java.time.Duration;

/**
 * Readings of the running kernel (the host or a named namespace): one {@link Sampler} per namespace, whose deltas
 * give the rates and counter increases, and the rule engine run on each delta.
 */
public final class LiveObservations implements Observations {
    private final String netns;
    private final Sampler sampler;
    private final Engine engine;

    /** {@code netns} null or "" observes the host; socket owners are looked up every {@code ownerEvery}. */
    public LiveObservations(LiveSnapshots.Kind kind, String netns, Duration ownerEvery, Thresholds limits, Messages msg) {
        String ns = netns == null || netns.isEmpty() ? null : netns;
        this.netns = ns == null ? "" : ns;
        this.sampler = new Sampler(new ServeObserver(kind, ns, ownerEvery));
        this.engine = Rules.engine(limits, msg);
    }

    @Override
    public String netns() {
        return netns;
    }

    @Override
    public Reading next() {
        long t0 = System.nanoTime();
        // The sampler keeps only the previous observation: rates and growth need one step back, not more.
        Delta delta = sampler.next();
        Diagnosis d = engine.run(delta);
        Observation now = delta.now();
        return new Reading(netns, now.at(), now.snapshot(), now.host(), d, delta, Duration.ofNanos(System.nanoTime() - t0));
    }

    @Override
    public void close() {
        sampler.close();
    }
}
