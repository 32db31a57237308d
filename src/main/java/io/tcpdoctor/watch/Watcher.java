package io.tcpdoctor.watch;

import io.tcpdoctor.diagnose.PortRange;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.query.GroupKey;
import io.tcpdoctor.query.GroupTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The state kept between refreshes: history of counts, the two newest details, the grouping in force. Each
 * {@link #refresh()} reads the source once (counts, or the full detail when the schedule says so) and returns
 * the frame to draw; {@link #cycleBy()} regroups the newest detail without reading anything.
 */
final class Watcher {
    /** The keys {@code b} cycles through, in order. */
    static final List<GroupKey> BY_KEYS = List.of(GroupKey.PEER, GroupKey.LOCAL_PORT, GroupKey.REMOTE_PORT, GroupKey.PROCESS);
    /** Groups kept per table; the screen shows as many as fit. */
    static final int GROUPS = 50;
    /** Hot destinations shown. */
    static final int DESTINATIONS = 5;
    /** Refreshes kept for sparklines. */
    static final int HISTORY = 240;

    private final WatchSource source;
    private final Duration interval;
    private final RecordSchedule schedule;
    private final History history = new History(HISTORY);
    private GroupKey by;
    private WatchSource.Detail detail;
    private WatchSource.Detail previousDetail;
    private GroupTable groups;
    private List<PortClock.Destination> destinations = List.of();
    private Frame last;
    private int refreshes;

    Watcher(WatchSource source, Duration interval, GroupKey by, RecordSchedule schedule) {
        this.source = source;
        this.interval = interval;
        this.by = by;
        this.schedule = schedule;
    }

    /** Reads the source once and returns the new frame. */
    Frame refresh() {
        long start = System.nanoTime();
        StateCounts counts;
        java.time.Instant at;
        List<Problem> notes;
        boolean records = schedule.due(start);
        if (records) {
            WatchSource.Detail d = source.detail();
            schedule.done(start, System.nanoTime() - start);
            previousDetail = detail;
            detail = d;
            counts = d.counts();
            at = d.at();
            notes = d.notes();
            groups = GroupTable.of(by, d.sockets(), GROUPS);
            destinations = PortClock.of(detail, previousDetail, DESTINATIONS);
        } else {
            WatchSource.Counts c = source.counts();
            counts = c.counts();
            at = c.at();
            notes = c.notes();
        }
        history.add(at, counts);
        refreshes++;
        last = frame(at, counts, records, notes);
        return last;
    }

    /** Switches to the next grouping and regroups the newest records; returns the frame to draw again. */
    Frame cycleBy() {
        by = BY_KEYS.get((BY_KEYS.indexOf(by) + 1) % BY_KEYS.size());
        if (detail != null) {
            groups = GroupTable.of(by, detail.sockets(), GROUPS);
        }
        if (last == null) {
            return null;
        }
        last = frame(last.at(), last.counts(), false, last.notes());
        return last;
    }

    /** The newest frame (null before the first refresh). */
    Frame last() {
        return last;
    }

    private Frame frame(java.time.Instant at, StateCounts counts, boolean records, List<Problem> notes) {
        List<Problem> all = new ArrayList<>(new LinkedHashSet<>(notes));
        PortRange range = detail == null ? null : detail.range();
        return new Frame(at, source.describe(), interval, refreshes, counts, history, by, groups, destinations,
                detail == null ? List.of() : detail.findings(), detail == null ? null : detail.at(),
                range == null ? null : range.rangeText() + (range.reserved().isEmpty() ? "" : " minus reserved") + " = "
                        + String.format(java.util.Locale.ROOT, "%,d", range.usable()) + " usable",
                records, all);
    }
}
