package io.tcpdoctor.observe;

import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SnapshotProvider;
import io.tcpdoctor.model.SocketFilter;
import io.tcpdoctor.model.SocketRecord;
import java.util.function.Consumer;

/** Observes a saved capture. Host facts are only what the user gave: this host's are never mixed in. */
final class CaptureObserver implements Observer {
    private final SnapshotProvider capture;
    private final HostFacts given;
    private final Needs needs;

    CaptureObserver(SnapshotProvider capture, HostFacts given, Needs needs) {
        this.capture = capture;
        this.given = given;
        this.needs = needs;
    }

    @Override
    public Observation observe(SocketFilter filter) {
        Snapshot snap = capture.take(filter, LiveObserver.providerNeeds(needs));
        return Observation.of(snap, needs.hostFacts() ? given : HostFacts.none());
    }

    @Override
    public Observation observe(SocketFilter filter, Consumer<SocketRecord> each) {
        Snapshot snap = capture.stream(filter, LiveObserver.providerNeeds(needs), each);
        return Observation.of(snap, needs.hostFacts() ? given : HostFacts.none());
    }

    @Override
    public Needs needs() {
        return needs;
    }

    @Override
    public String describe() {
        return capture.describe();
    }

    @Override
    public boolean live() {
        return false;
    }

    @Override
    public void close() {
    }
}
