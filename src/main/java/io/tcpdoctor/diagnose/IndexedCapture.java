package io.tcpdoctor.diagnose;

import io.tcpdoctor.capture.CaptureSnapshots;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SnapshotProvider;
import io.tcpdoctor.model.SocketFilter;
import io.tcpdoctor.observe.HostFacts;
import io.tcpdoctor.observe.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A capture read for diagnosis in one pass over its rows, keeping the {@link SocketIndex}, never the rows, so a
 * capture of any size fits a small heap. The observation holds the counts, notes and host facts, and no rows.
 *
 * @param observation the capture's observation (totals, notes; {@code snapshot().sockets()} is null)
 * @param index what its rows add up to
 * @param notes what the user should be told: the capture's skipped lines and warnings, and whether the index is exact
 */
public record IndexedCapture(Observation observation, SocketIndex index, List<Problem> notes) {

    /**
     * Reads {@code provider} with the host facts the user gave. When a listener shows up after connections on its
     * port (macOS and Windows list newest sockets first), a file is read a second time with the listening ports
     * known; standard input cannot be, and a note says that the split into outgoing and accepted may be off.
     */
    public static IndexedCapture read(SnapshotProvider provider, HostFacts host) {
        SnapshotProvider.Needs needs = new SnapshotProvider.Needs(true, true, false);
        SocketIndex.Builder pass = SocketIndex.builder(host, Set.of());
        Snapshot snap = provider.stream(SocketFilter.all(), needs, pass);
        CaptureSnapshots capture = provider instanceof CaptureSnapshots c ? c : null;
        // A capture with totals (a counts table, ss -s) is diagnosed from its totals, as when read whole.
        boolean totals = capture != null && capture.totalsSeen();
        List<Problem> notes = new ArrayList<>();
        if (pass.lateListeners() && !totals) {
            if (capture != null && capture.rereadable()) {
                pass = SocketIndex.builder(host, pass.listeningPorts());
                snap = provider.stream(SocketFilter.all(), needs, pass);
            } else {
                notes.add(Problem.of(provider.describe() + ": some listeners come after connections on their port; those "
                        + "connections may count as outgoing (read the capture from a file to be exact)"));
            }
        }
        SocketIndex index = totals ? SocketIndex.builder(host, Set.of()).build(false) : pass.build(true);
        List<Problem> all = new ArrayList<>(snap.notes());
        all.addAll(notes);
        return new IndexedCapture(Observation.of(snap, host), index, List.copyOf(all));
    }
}
