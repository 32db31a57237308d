package io.tcpdoctor.serve;

/**
 * Where the exporter's readings of one namespace come from. The only type of this package that knows how a
 * namespace is observed, so that moving to another observation API changes one implementation.
 */
public interface Observations extends AutoCloseable {
    /** The namespace label: "" for the host. */
    String netns();

    /** Observes now and diagnoses against the previous reading. Called from one thread at a time. */
    Reading next();

    @Override
    default void close() {
    }
}
