package io.tcpdoctor.watch;

import io.tcpdoctor.testing.TestNetns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A private tmux server (its socket in the test's temporary directory) with one detached session: a real terminal a
 * test can type into and read.
 */
final class Tmux implements AutoCloseable {
    private final String socket;

    private Tmux(String socket) {
        this.socket = socket;
    }

    /** Starts a server with one {@code width} x {@code height} window running a plain bash; its socket goes in {@code dir}. */
    static Tmux start(Path dir, int width, int height) {
        Tmux t = new Tmux(dir.resolve("tmux.sock").toString());
        TestNetns.exec("tmux", "-S", t.socket, "-f", "/dev/null", "new-session", "-d", "-x", Integer.toString(width),
                "-y", Integer.toString(height), "-s", "w", "env", "PS1=$ ", "TERM=screen", "bash", "--norc", "--noprofile");
        return t;
    }

    /** Types text followed by Enter. */
    void line(String text) {
        TestNetns.exec("tmux", "-S", socket, "send-keys", "-t", "w", "-l", text);
        TestNetns.exec("tmux", "-S", socket, "send-keys", "-t", "w", "Enter");
    }

    /** Presses one key (tmux key name, e.g. {@code q}, {@code C-c}). */
    void key(String key) {
        TestNetns.exec("tmux", "-S", socket, "send-keys", "-t", "w", key);
    }

    void resize(int width, int height) {
        TestNetns.exec("tmux", "-S", socket, "resize-window", "-t", "w", "-x", Integer.toString(width), "-y", Integer.toString(height));
    }

    /** The visible screen, one string per row (trailing blanks trimmed by tmux). */
    List<String> screen() {
        String s = TestNetns.exec("tmux", "-S", socket, "capture-pane", "-p", "-t", "w");
        return List.of((s.endsWith("\n") ? s.substring(0, s.length() - 1) : s).split("\n", -1));
    }

    /** A pane format variable such as {@code alternate_on}, {@code cursor_flag}, {@code pane_current_command}. */
    String format(String variable) {
        return TestNetns.exec("tmux", "-S", socket, "display-message", "-p", "-t", "w", "#{" + variable + "}").strip();
    }

    /** Polls the screen every 50 ms until it satisfies the condition or the time is up; returns the last screen. */
    List<String> await(Predicate<List<String>> condition, long timeoutMs) {
        long end = System.nanoTime() + timeoutMs * 1_000_000;
        List<String> s = screen();
        while (!condition.test(s) && System.nanoTime() < end) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            s = screen();
        }
        return s;
    }

    @Override
    public void close() {
        try {
            TestNetns.exec("tmux", "-S", socket, "kill-server");
        } catch (IllegalStateException e) {
            // already gone
        }
    }

    /** Screen rows as one text for assertion messages. */
    static String text(List<String> screen) {
        return String.join("\n", new ArrayList<>(screen));
    }
}
