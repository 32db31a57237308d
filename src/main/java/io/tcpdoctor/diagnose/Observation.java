package io.tcpdoctor.diagnose;

import io.tcpdoctor.model.Snapshot;
import java.time.Instant;

/** One look at a host: its sockets (with owners and tcp_info when live) and host facts, at one time. */
public record Observation(Instant at, Snapshot snapshot, HostFacts host) {
    /** An observation timed by its snapshot (now when the snapshot has no time). */
    public static Observation of(Snapshot snapshot, HostFacts host) {
        return new Observation(snapshot.takenAt() != null ? snapshot.takenAt() : Instant.now(), snapshot, host);
    }
}
