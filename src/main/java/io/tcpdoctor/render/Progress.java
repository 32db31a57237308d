package io.tcpdoctor.render;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress display on stderr for long work (a large capture, a sampling wait). It shows only
 * when stderr is a terminal, never in pipes or files, redraws at most five times a second, and erases
 * itself when done.
 */
public final class Progress implements AutoCloseable {
    private static final long REDRAW_NS = 200_000_000L;
    private static final Progress OFF = new Progress(null, null);

    private final PrintWriter err;
    private final String label;
    private long lastDraw;
    private boolean drawn;

    private Progress(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
    }

    /** A progress line when stderr is a terminal (the caller knows: it owns the streams); a silent one otherwise. */
    public static Progress start(PrintWriter err, String label, boolean terminal) {
        boolean tty = System.getenv("TCPDOCTOR_NO_PROGRESS") == null && terminal;
        return tty ? new Progress(err, label) : OFF;
    }

    /** A progress line shown unconditionally on the given writer (for tests). */
    static Progress forced(PrintWriter err, String label) {
        return new Progress(err, label);
    }

    /** True when this progress draws anything. */
    public boolean visible() {
        return err != null;
    }

    /** Reports work done out of total (total <= 0: unknown), in bytes. */
    public void bytes(long done, long total) {
        if (err == null || !due()) {
            return;
        }
        String text = total > 0
                ? String.format(Locale.ROOT, "%s %3d%% (%s of %s)", label, Math.min(100, done * 100 / total), size(done), size(total))
                : String.format(Locale.ROOT, "%s %s", label, size(done));
        draw(text);
    }

    /** Reports seconds waited out of a total. */
    public void seconds(double done, double total) {
        if (err == null || !due()) {
            return;
        }
        draw(String.format(Locale.ROOT, "%s %.0f/%.0f s", label, done, total));
    }

    /**
     * Waits the given time (sampling counters, say), showing the seconds on a terminal.
     *
     * @throws InterruptedException when interrupted
     */
    public static void sleep(PrintWriter err, String label, java.time.Duration d, boolean terminal) throws InterruptedException {
        try (Progress p = start(err, label, terminal)) {
            long end = System.nanoTime() + d.toNanos();
            long left;
            while ((left = end - System.nanoTime()) > 0) {
                p.seconds((d.toNanos() - left) / 1e9, d.toNanos() / 1e9);
                Thread.sleep(Math.max(1, Math.min(200, left / 1_000_000)));
            }
        }
    }

    private boolean due() {
        long now = System.nanoTime();
        if (drawn && now - lastDraw < REDRAW_NS) {
            return false;
        }
        lastDraw = now;
        return true;
    }

    private void draw(String text) {
        err.print("\r" + text + "\u001b[K");
        err.flush();
        drawn = true;
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.0f MB", bytes / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%d KB", bytes >> 10);
    }

    /** Erases the line. */
    @Override
    public void close() {
        if (err != null && drawn) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
