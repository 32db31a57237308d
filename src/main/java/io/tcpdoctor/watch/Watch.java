package io.tcpdoctor.watch;

import io.tcpdoctor.query.GroupKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/** The refresh loop of {@code tcpdoctor watch}: full-screen on a terminal, one line per refresh otherwise. */
public final class Watch {
    /** The groupings {@code --by} accepts and {@code b} cycles through. */
    public static final List<GroupKey> BY_KEYS = Watcher.BY_KEYS;
    /** Share of wall time the record reads may take (see {@link RecordSchedule}). */
    public static final double DEFAULT_BUDGET = RecordSchedule.DEFAULT_BUDGET;

    /** How often, grouped by what, how many refreshes (0 = until quit), and the record-read budget. */
    public record Options(Duration interval, GroupKey by, long count, double recordBudget) {
    }

    /** One daemon platform thread for record reads (namespace entry is per thread; it never keeps the JVM alive). */
    private static final Executor RECORDS = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tcpdoctor-watch-records");
        t.setDaemon(true);
        return t;
    });

    private final Options options;
    private final Watcher watcher;

    public Watch(WatchSource source, Options options) {
        this.options = options;
        this.watcher = new Watcher(source, options.interval(), options.by(), new RecordSchedule(options.recordBudget()), RECORDS);
    }

    /**
     * Prints one line per refresh, flushed at once; returns when {@code count} lines are written or the reader
     * went away ({@code broken} true after a write, as when {@code head} exits).
     */
    public void lines(PrintWriter out, BooleanSupplier broken) throws InterruptedException {
        long intervalNs = options.interval().toNanos();
        long next = System.nanoTime();
        for (long i = 1; ; i++) {
            Frame f = watcher.refresh();
            out.println(LogLine.of(f));
            out.flush();
            if (broken.getAsBoolean() || (options.count() > 0 && i >= options.count())) {
                return;
            }
            next = nextTick(next, intervalNs);
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }

    /**
     * The full-screen view until q, Ctrl-C or {@code count} refreshes. The first refresh happens before the
     * screen is taken over, so a source that cannot be read fails with a plain message.
     */
    public void fullScreen() throws IOException {
        long intervalNs = options.interval().toNanos();
        Frame first = watcher.refresh();
        try (TerminalView view = new TerminalView()) {
            view.draw(first);
            long next = System.nanoTime();
            long done = 1;
            while (options.count() == 0 || done < options.count()) {
                next = nextTick(next, intervalNs);
                TerminalView.Event e;
                do {
                    long wait = Math.max(0, (next - System.nanoTime()) / 1_000_000);
                    e = view.await(wait);
                    switch (e) {
                        case QUIT -> {
                            return;
                        }
                        case CYCLE_BY -> view.draw(watcher.cycleBy());
                        case RESIZE -> view.draw(watcher.last());
                        case TIMEOUT -> {
                        }
                    }
                } while (e != TerminalView.Event.TIMEOUT);
                view.draw(watcher.refresh());
                done++;
            }
            // With --count the last screen stays a moment, so a script or a person can see it.
            view.await(Math.min(1000, options.interval().toMillis()));
        }
    }

    /** The next refresh time; after a slow refresh the schedule restarts from now instead of catching up. */
    private static long nextTick(long previous, long intervalNs) {
        long next = previous + intervalNs;
        long now = System.nanoTime();
        return next < now ? now : next;
    }
}
