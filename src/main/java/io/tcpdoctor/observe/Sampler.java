package io.tcpdoctor.observe;

/**
 * A sequence of observations of one source, handed out as deltas between each observation and the one before.
 * {@code diagnose --sample}, {@code capacity --sample}, and long-running views are a loop over {@link #next()}.
 * Not thread-safe: one caller drives it.
 */
public final class Sampler implements AutoCloseable {
    private final Observer observer;
    private Observation previous;

    /** Samples through {@code observer}; closing the sampler closes it. */
    public Sampler(Observer observer) {
        this.observer = observer;
    }

    /** Observes now; the delta is against the previous call's observation ({@code before() == null} the first time). */
    public Delta next() {
        Observation now = observer.observe();
        Delta d = new Delta(previous, now);
        previous = now;
        return d;
    }

    /** The newest observation, or null before the first {@link #next()}. */
    public Observation last() {
        return previous;
    }

    /** The observer this sampler reads. */
    public Observer observer() {
        return observer;
    }

    @Override
    public void close() {
        observer.close();
    }
}
