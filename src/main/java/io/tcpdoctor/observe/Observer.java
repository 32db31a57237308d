package io.tcpdoctor.observe;

import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.model.SnapshotProvider;
import io.tcpdoctor.model.SocketFilter;
import io.tcpdoctor.model.SocketRecord;
import java.util.function.Consumer;

/**
 * Produces observations of one source. A live observer reads the running kernel (inside a network namespace
 * when one is named), doing all of its I/O on one platform thread of its own; a capture observer reads a saved
 * capture and never this host: what it knows of the host is what the user gave ({@code --sysctl FILE}).
 */
public interface Observer extends AutoCloseable {

    /** Observes the running kernel (netlink, falling back to /proc) inside {@code netns} (null: the host). */
    static Observer live(String netns, Needs needs) {
        return live(LiveSnapshots.Kind.AUTO, netns, needs);
    }

    /** Observes the running kernel through the given interface. */
    static Observer live(LiveSnapshots.Kind kind, String netns, Needs needs) {
        return new LiveObserver(kind, netns, needs);
    }

    /** Observes a saved capture; {@code given} holds the host facts the user supplied, or {@link HostFacts#none()}. */
    static Observer capture(SnapshotProvider capture, HostFacts given, Needs needs) {
        return new CaptureObserver(capture, given, needs);
    }

    /** One observation of every socket, now. */
    default Observation observe() {
        return observe(SocketFilter.all());
    }

    /** One observation of the sockets matching {@code filter} (host facts, when needed, are never filtered). */
    Observation observe(SocketFilter filter);

    /**
     * One observation whose socket records go to {@code each} as they are read (on the calling thread), and need not
     * stay in the observation, whose snapshot keeps the counts, notes and IPVS entries: a capture of any size then
     * needs the memory of one row. By default the sockets are read first, then handed on: a live kernel's table
     * is read on the observer's thread, and its rows go on in the caller's.
     */
    default Observation observe(SocketFilter filter, Consumer<SocketRecord> each) {
        Observation o = observe(filter);
        if (o.snapshot().hasRecords()) {
            o.snapshot().sockets().forEach(each);
        }
        return o;
    }

    /** What this observer reads. */
    Needs needs();

    /** A short description of the source ({@code live netlink netns blue}, a file name). */
    String describe();

    /** True for the running kernel, false for a saved capture. */
    boolean live();

    /** Frees the observer's thread; an observation already returned stays valid. */
    @Override
    void close();
}
