package io.tcpdoctor.diagnose;

import io.tcpdoctor.model.Severity;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.observe.Delta;
import io.tcpdoctor.observe.Observation;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a list of rules (the standard one is {@code diagnose.rules.Rules.ALL}) on an observation. Stateless between runs, so a live view can call it
 * again every few seconds with the newest and the previous observation.
 */
public final class Engine {
    /** Id of the single finding a host without problems gets. */
    public static final String HEALTHY = "healthy";

    private final List<Rule> rules;
    private final Thresholds limits;
    private final Messages msg;

    public Engine(List<Rule> rules, Thresholds limits, Messages msg) {
        this.rules = List.copyOf(rules);
        this.limits = limits;
        this.msg = msg;
    }

    /** Diagnoses {@code now}; {@code before} (nullable) is an earlier observation of the same source. */
    public Diagnosis run(Observation now, Observation before) {
        return run(new Delta(before, now));
    }

    /** Diagnoses the newest observation of a delta, with its rates and counter deltas when it was sampled. */
    public Diagnosis run(Delta delta) {
        return run(delta, SocketIndex.of(delta.now()), delta.before() == null ? null : SocketIndex.of(delta.before()));
    }

    /**
     * Diagnoses a delta whose sockets are already indexed: {@code now} (and {@code before} when sampled, else null).
     * A streamed capture comes this way, its observation holding counts only.
     */
    public Diagnosis run(Delta delta, SocketIndex now, SocketIndex before) {
        Context ctx = new Context(delta, now, before, limits, msg);
        if (!now.hasRecords()) {
            ctx.assumeText("assume.totals-only");
        }
        List<Finding> found = new ArrayList<>();
        for (Rule r : rules) {
            found.addAll(r.check(ctx));
        }
        // Stable: rules keep their list order within one severity.
        found.sort((a, b) -> a.severity().compareTo(b.severity()));
        boolean problems = found.stream().anyMatch(f -> f.severity() != Severity.INFO);
        if (!problems) {
            long total = delta.now().snapshot().counts().total();
            found.addFirst(ctx.finding(HEALTHY, Severity.INFO).title(Long.toString(total)).why().build());
        }
        return new Diagnosis(delta.now(), ctx.seconds(), found, ctx.assumptions(), now);
    }
}
