package io.tcpdoctor.diagnose;

import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.observe.Delta;
import io.tcpdoctor.observe.Observation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs every rule of {@link Rules#ALL} on an observation. Stateless between runs, so a live view can call it
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

    /** The standard rule set. */
    public Engine(Thresholds limits, Messages msg) {
        this(Rules.ALL, limits, msg);
    }

    /** Diagnoses {@code now}; {@code before} (nullable) is an earlier observation of the same source. */
    public Diagnosis run(Observation now, Observation before) {
        return run(new Delta(before, now));
    }

    /** Diagnoses the newest observation of a delta, with its rates and counter deltas when it was sampled. */
    public Diagnosis run(Delta delta) {
        Observation now = delta.now();
        Context ctx = new Context(delta, limits, msg);
        if (!now.snapshot().hasRecords()) {
            ctx.assumeText("assume.totals-only");
        }
        List<Finding> found = new ArrayList<>();
        for (Rule r : rules) {
            found.addAll(r.check(ctx));
        }
        // Stable: rules keep their list order within one severity.
        found.sort(Comparator.comparing(Finding::severity));
        boolean problems = found.stream().anyMatch(f -> f.severity() != Severity.INFO);
        if (!problems) {
            long total = now.snapshot().counts().total();
            found.addFirst(ctx.finding(HEALTHY, Severity.INFO).title(Long.toString(total)).why().build());
        }
        return new Diagnosis(now, ctx.seconds(), found, ctx.assumptions());
    }
}
