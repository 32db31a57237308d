package io.tcpdoctor.watch;

import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Diagnosis;
import io.tcpdoctor.diagnose.Engine;
import io.tcpdoctor.diagnose.rules.Rules;
import io.tcpdoctor.diagnose.Thresholds;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.observe.Delta;
import io.tcpdoctor.observe.Needs;
import io.tcpdoctor.observe.Observation;
import io.tcpdoctor.observe.Observer;
import io.tcpdoctor.observe.Sampler;

/**
 * The running kernel (optionally one network namespace) through two observers: one for counts only, one sampled
 * for records, owners and host facts, whose deltas the rules diagnose. Each observer has its own thread, so
 * {@link #counts()} and {@link #detail()} may run at the same time from different callers.
 */
public final class LiveWatchSource implements WatchSource {
    /** Records with owners and host facts; no rule reads tcp_info, so it is not fetched. */
    static final Needs DETAIL = new Needs(true, true, false, true);

    private final Observer counter;
    private final Sampler sampler;
    private final Engine engine;
    private final Thresholds limits;
    private final Messages msg;

    /** Reads {@code netns} (null = this host's namespace) through {@code kind}. */
    public LiveWatchSource(LiveSnapshots.Kind kind, String netns, Thresholds limits, Messages msg) {
        this.counter = Observer.live(kind, netns, Needs.COUNTS);
        this.sampler = new Sampler(Observer.live(kind, netns, DETAIL));
        this.engine = Rules.engine(limits, msg);
        this.limits = limits;
        this.msg = msg;
    }

    @Override
    public Counts counts() {
        Observation o = counter.observe();
        return new Counts(o.at(), o.snapshot().counts(), o.snapshot().notes());
    }

    @Override
    public Detail detail() {
        Delta d = sampler.next();
        Diagnosis diagnosis = engine.run(d);
        // The rules' own view of ports: the same outgoing test and usable range as the findings.
        var ports = new Context(d, limits, msg).portUsage();
        Snapshot s = d.now().snapshot();
        return new Detail(d.now().at(), s.sockets(), diagnosis.findings(), ports, s.notes());
    }

    @Override
    public String describe() {
        return counter.describe();
    }

    @Override
    public void close() {
        counter.close();
        sampler.close();
    }
}
