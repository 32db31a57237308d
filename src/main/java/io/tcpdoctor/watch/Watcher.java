package io.tcpdoctor.watch;

import io.tcpdoctor.ports.PortRange;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.query.GroupKey;
import io.tcpdoctor.query.GroupTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The state kept between refreshes: history of counts, the two newest details, the grouping in force. Each
 * {@link #refresh()} reads the counts, and starts a record read when {@link RecordSchedule} says one is due.
 * Record reads run on {@code records} (a background thread), so a slow one at 100k sockets never holds up the
 * counts; the refresh after it finishes shows its groups, destinations and findings. The first record read runs
 * before the first frame, so a source that cannot be read fails at once. {@link #cycleBy()} regroups the newest
 * records without reading anything.
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

    /** A record read and what it cost. */
    private record Timed(WatchSource.Detail detail, long startNanos, long costNanos) {
    }

    private final WatchSource source;
    private final Duration interval;
    private final RecordSchedule schedule;
    private final Executor records;
    private final History history = new History(HISTORY);
    private GroupKey by;
    private WatchSource.Detail detail;
    private GroupTable groups;
    private List<PortClock.Row> destinations = List.of();
    private CompletableFuture<Timed> pending;
    private Frame last;

    Watcher(WatchSource source, Duration interval, GroupKey by, RecordSchedule schedule, Executor records) {
        this.source = source;
        this.interval = interval;
        this.by = by;
        this.schedule = schedule;
        this.records = records;
    }

    /** Reads the counts (and adopts or starts a record read) and returns the new frame. */
    Frame refresh() {
        long now = System.nanoTime();
        if (pending == null && schedule.due(now)) {
            pending = detail == null ? CompletableFuture.completedFuture(timedDetail())
                    : CompletableFuture.supplyAsync(this::timedDetail, records);
        }
        boolean adopted = false;
        if (pending != null && pending.isDone()) {
            Timed t = join(pending);
            pending = null;
            schedule.done(t.startNanos(), t.costNanos());
            WatchSource.Detail previous = detail;
            detail = t.detail();
            groups = GroupTable.of(by, detail.sockets(), GROUPS);
            destinations = PortClock.of(detail, previous, DESTINATIONS);
            adopted = true;
        }
        WatchSource.Counts c = source.counts();
        history.add(c.at(), c.counts());
        List<Problem> notes = new ArrayList<>(c.notes());
        if (detail != null) {
            notes.addAll(detail.notes());
        }
        last = frame(c.at(), c.counts(), adopted, notes);
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

    private Timed timedDetail() {
        long start = System.nanoTime();
        WatchSource.Detail d = source.detail();
        return new Timed(d, start, System.nanoTime() - start);
    }

    private static Timed join(CompletableFuture<Timed> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            // The read's own error (a namespace deleted meanwhile, permission) is what the user should see.
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err; // out of memory reaches the launcher, which says how to raise the heap
            }
            throw e;
        }
    }

    private Frame frame(Instant at, StateCounts counts, boolean records, List<Problem> notes) {
        PortRange range = detail == null ? null : detail.ports().range();
        return new Frame(at, source.describe(), interval, counts, history, by, groups, destinations,
                detail == null ? List.of() : detail.findings(), detail == null ? null : detail.at(),
                range == null ? null : range.rangeText() + (range.reserved().isEmpty() ? "" : " minus reserved") + " = "
                        + String.format(Locale.ROOT, "%,d", range.usable()) + " usable",
                records, List.copyOf(new LinkedHashSet<>(notes)));
    }
}
