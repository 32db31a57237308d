package io.tcpdoctor.serve;

import io.tcpdoctor.diagnose.Diagnosis;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.observe.HostFacts;
import java.time.Duration;
import java.time.Instant;

/**
 * One sample of one network namespace: the sockets and host facts observed, the findings of the diagnosis
 * engine on them, and how long observing and diagnosing took. {@code netns} is "" for the host.
 */
public record Reading(String netns, Instant at, Snapshot snapshot, HostFacts host, Diagnosis diagnosis, Duration took) {
}
