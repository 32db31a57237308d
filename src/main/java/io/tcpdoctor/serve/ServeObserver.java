package io.tcpdoctor.serve;

import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.observe.HostFacts;
import io.tcpdoctor.observe.Needs;
import io.tcpdoctor.observe.Observation;
import io.tcpdoctor.observe.Observer;
import io.tcpdoctor.model.SocketFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The exporter's observer of one namespace: socket records and host facts on every sample, the costly owner scan
 * (every process's /proc/PID/fd) only every {@code ownerEvery}. Between scans a socket keeps the owner its inode had
 * at the last scan, and the per-process fd counts of that scan are kept, so the per-process series and the rules
 * that name a process stay steady; a socket opened since reads as unknown until the next scan. tcp_info is never
 * read: no rule nor metric uses it.
 */
final class ServeObserver implements Observer {
    /** What every sample reads: records for groups, destinations and TIME_WAIT ages; host facts for rules and counters. */
    static final Needs SAMPLE = new Needs(true, false, false, true);
    /** What an owner scan reads. */
    static final Needs WITH_OWNERS = SAMPLE.withOwners();

    private static final long SLACK_NANOS = 200_000_000L;

    private final Observer plain;
    private final Observer withOwners;
    private final long ownerEveryNanos;
    private long lastScan;
    private boolean scanned;
    private Map<Long, Owner> owners = Map.of();
    private HostFacts scanFacts;

    /** {@code ownerEvery} zero or less: owners on every sample. */
    ServeObserver(LiveSnapshots.Kind kind, String netns, Duration ownerEvery) {
        this.ownerEveryNanos = Math.max(0, ownerEvery.toNanos());
        this.withOwners = Observer.live(kind, netns, WITH_OWNERS);
        this.plain = ownerEveryNanos == 0 ? withOwners : Observer.live(kind, netns, SAMPLE);
    }

    @Override
    public Observation observe(SocketFilter filter) {
        long t = System.nanoTime();
        // The slack keeps an owner interval equal to the sample interval from skipping samples by timer jitter.
        if (!scanned || t - lastScan + SLACK_NANOS >= ownerEveryNanos) {
            Observation o = withOwners.observe(filter);
            scanned = true;
            lastScan = t;
            remember(o);
            return o;
        }
        return attribute(plain.observe(filter));
    }

    private void remember(Observation o) {
        Map<Long, Owner> m = new HashMap<>();
        if (o.snapshot().hasRecords()) {
            for (SocketRecord r : o.snapshot().sockets()) {
                if (r.owner() != null && r.inode() != 0) {
                    m.put(r.inode(), r.owner());
                }
            }
        }
        owners = m;
        scanFacts = o.host();
    }

    /** The owners and per-process facts of the last scan applied to an observation without owners. */
    private Observation attribute(Observation o) {
        Snapshot s = o.snapshot();
        if (!s.hasRecords()) {
            return o;
        }
        List<SocketRecord> out = new ArrayList<>(s.sockets().size());
        for (SocketRecord r : s.sockets()) {
            Owner known = r.inode() == 0 ? null : owners.get(r.inode());
            out.add(known == null ? r : r.withOwner(known));
        }
        Snapshot withOwners = new Snapshot(s.takenAt(), s.source(), List.copyOf(out), s.counts(), s.ipvs(), s.warnings(),
                s.owners());
        HostFacts h = o.host();
        if (scanFacts != null && h.live()) {
            h = new HostFacts(h.sysctls(), h.counters(), h.sockstat(), h.kernel(), scanFacts.processes(), h.fileNr(), h.origin());
        }
        return new Observation(o.at(), o.netns(), withOwners, h, o.source(), o.live());
    }

    @Override
    public Needs needs() {
        return WITH_OWNERS;
    }

    @Override
    public String describe() {
        return withOwners.describe();
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public void close() {
        if (plain != withOwners) {
            plain.close();
        }
        withOwners.close();
    }
}
