package io.tcpdoctor.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The monitors of every namespace and their joint exposition. The encoded body is cached per content type
 * until a monitor takes a new sample, so concurrent scrapes between samples cost a map lookup and a copy.
 */
public final class Exporter implements AutoCloseable {
    private final List<Monitor> monitors;
    private final PrometheusExposition exposition = new PrometheusExposition();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(long key, PrometheusExposition.Encoded encoded) {
    }

    public Exporter(List<Monitor> monitors) {
        this.monitors = List.copyOf(monitors);
    }

    /** The monitors, in command-line order. */
    public List<Monitor> monitors() {
        return monitors;
    }

    /** The monitor of a namespace label, the first one when {@code netns} is null, or null when unknown. */
    public Monitor monitor(String netns) {
        if (netns == null) {
            return monitors.getFirst();
        }
        for (Monitor m : monitors) {
            if (m.netns().equals(netns)) {
                return m;
            }
        }
        return null;
    }

    /** The exposition for a request's Accept header. */
    public PrometheusExposition.Encoded metrics(String accept) {
        long key = 0;
        for (Monitor m : monitors) {
            Monitor.Latest l = m.latest();
            key = key * 31 + (l == null ? 0 : l.generation()) * 1_000_003 + m.failures();
        }
        String type = exposition.contentType(accept);
        Cached c = cache.get(type);
        if (c != null && c.key() == key) {
            return c.encoded();
        }
        PrometheusExposition.Encoded e = exposition.encode(families(), accept);
        cache.put(type, new Cached(key, e));
        return e;
    }

    /** The families of every namespace, plus the sampling failure counter. */
    public List<Family> families() {
        List<List<Family>> per = new ArrayList<>();
        List<Series> failures = new ArrayList<>();
        for (Monitor m : monitors) {
            Monitor.Latest l = m.latest();
            if (l != null) {
                per.add(l.families());
            }
            failures.add(Series.of(m.failures(), "netns", m.netns()));
        }
        per.add(List.of(new Family("tcpdoctor_observation_failures_total",
                "Background observations of the namespace that failed (the previous values stay exposed).",
                Family.Type.COUNTER, failures)));
        return Family.merge(per);
    }

    @Override
    public void close() {
        monitors.forEach(Monitor::close);
    }
}
