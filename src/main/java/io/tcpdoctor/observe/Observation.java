package io.tcpdoctor.observe;

import io.tcpdoctor.model.Snapshot;
import java.time.Instant;

/**
 * One immutable look at one host (or network namespace) at one instant: its sockets (records, or totals only),
 * and what is known of the host besides them. Which host facts are real and which must be assumed is in
 * {@link HostFacts#origin()}: {@code live}, the name of a {@code --sysctl} file, or {@code none}.
 *
 * @param at when the sockets were read
 * @param netns the network namespace looked into, or null for the host (or a capture)
 * @param snapshot the sockets
 * @param host sysctls, counters, sockstat, kernel, limits; {@link HostFacts#none()} when unknown
 * @param source where the sockets came from ({@code live netlink}, a capture's file name)
 * @param live true when read from the running kernel, false for a saved capture
 */
public record Observation(Instant at, String netns, Snapshot snapshot, HostFacts host, String source, boolean live) {

    /** An observation timed by its snapshot (now when the snapshot has no time), not from a live kernel. */
    public static Observation of(Snapshot snapshot, HostFacts host) {
        return new Observation(snapshot.takenAt() != null ? snapshot.takenAt() : Instant.now(), null, snapshot, host,
                snapshot.source(), host.live());
    }

    /** True when the host facts were read, not assumed: live, or given with {@code --sysctl}. */
    public boolean hostKnown() {
        return !"none".equals(host.origin());
    }
}
