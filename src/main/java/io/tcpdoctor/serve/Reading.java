package io.tcpdoctor.serve;

import io.tcpdoctor.diagnose.Diagnosis;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.observe.Delta;
import io.tcpdoctor.observe.HostFacts;
import java.time.Duration;
import java.time.Instant;

/**
 * One sample of one network namespace: the sockets and host facts observed, the delta from the sample before
 * (rates, counter increases), the findings of the diagnosis engine on it, and how long observing and diagnosing
 * took. {@code netns} is "" for the host.
 */
public record Reading(String netns, Instant at, Snapshot snapshot, HostFacts host, Diagnosis diagnosis, Delta delta,
        Duration took) {
}
