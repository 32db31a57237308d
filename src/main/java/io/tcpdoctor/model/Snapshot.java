package io.tcpdoctor.model;

import java.time.Instant;
import java.util.List;

/**
 * The sockets of one moment from one source. {@code sockets} is null when the source gives totals only
 * (a count-only live read, {@code ss -s}, a pasted {@code uniq -c} table); {@code counts} is always set.
 * IPVS entries are kept apart: they are not sockets.
 */
public record Snapshot(
        Instant takenAt,
        String source,
        List<SocketRecord> sockets,
        StateCounts counts,
        List<IpvsEntry> ipvs,
        List<Problem> warnings,
        OwnerStats owners) {

    /** A snapshot of full records; counts are derived from them. */
    public static Snapshot ofRecords(Instant at, String source, List<SocketRecord> sockets, List<Problem> warnings, OwnerStats owners) {
        StateCounts c = new StateCounts();
        for (SocketRecord r : sockets) {
            c.add(r.state());
        }
        return new Snapshot(at, source, List.copyOf(sockets), c, List.of(), List.copyOf(warnings), owners);
    }

    /** A totals-only snapshot. */
    public static Snapshot ofCounts(Instant at, String source, StateCounts counts, List<Problem> warnings) {
        return new Snapshot(at, source, null, counts, List.of(), List.copyOf(warnings), null);
    }

    /** What a user should be told about this snapshot: its warnings, then the owner scan's note if any. */
    public List<Problem> notes() {
        if (owners == null || owners.note() == null) {
            return warnings;
        }
        List<Problem> all = new java.util.ArrayList<>(warnings);
        all.add(Problem.of(owners.note()));
        return all;
    }

    /** True when per-socket records are available. */
    public boolean hasRecords() {
        return sockets != null;
    }
}
