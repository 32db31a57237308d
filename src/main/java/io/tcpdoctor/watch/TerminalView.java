package io.tcpdoctor.watch;

import io.tcpdoctor.error.ExitHooks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * The full-screen terminal: raw keys, the alternate screen, redraws that send only what changed, resize through
 * SIGWINCH, and the terminal put back as it was on every way out (q, Ctrl-C, SIGTERM, an exception).
 */
final class TerminalView implements AutoCloseable {
    /** What the user asked for while waiting. */
    enum Event { TIMEOUT, QUIT, CYCLE_BY, RESIZE }

    private static final int CTRL_C = 3;
    private static final int CTRL_D = 4;
    private static final int ESC = 27;

    private final Terminal terminal;
    private final Attributes saved;
    private final Display display;
    private final Screen screen;
    private final AtomicBoolean resized = new AtomicBoolean();
    private final AtomicBoolean quit = new AtomicBoolean();
    private final AtomicBoolean restored = new AtomicBoolean();
    private final Thread restoreOnExit;

    TerminalView() throws IOException {
        terminal = TerminalBuilder.builder().system(true).nativeSignals(true).build();
        terminal.handle(Terminal.Signal.WINCH, s -> resized.set(true));
        terminal.handle(Terminal.Signal.INT, s -> quit.set(true));
        saved = terminal.enterRawMode();
        restoreOnExit = new Thread(this::restore, "tcpdoctor-terminal-restore");
        ExitHooks.add(restoreOnExit);
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.cursor_invisible);
        terminal.puts(Capability.clear_screen);
        terminal.flush();
        display = new Display(terminal, true);
        screen = new Screen(StandardCharsets.UTF_8.equals(terminal.encoding()));
        Size size = terminal.getSize();
        display.resize(size.getRows(), size.getColumns());
    }

    /** Draws a frame at the terminal's current size. */
    void draw(Frame f) {
        Size size = terminal.getSize();
        int rows = Math.max(1, size.getRows());
        int cols = Math.max(20, size.getColumns());
        display.resize(rows, cols);
        // One column spare: a character in the last column of the last row would scroll some terminals.
        List<AttributedString> lines = screen.render(f, cols - 1, rows);
        display.update(lines, 0);
        terminal.flush();
    }

    /** Waits up to {@code millis} for a key, a resize or Ctrl-C. */
    Event await(long millis) throws IOException {
        NonBlockingReader in = terminal.reader();
        long end = System.nanoTime() + millis * 1_000_000;
        while (true) {
            if (quit.get()) {
                return Event.QUIT;
            }
            if (resized.getAndSet(false)) {
                terminal.puts(Capability.clear_screen);
                display.clear();
                Size size = terminal.getSize();
                display.resize(size.getRows(), size.getColumns());
                return Event.RESIZE;
            }
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return Event.TIMEOUT;
            }
            // Short reads so a resize or Ctrl-C is seen within 100 ms.
            int c = in.read(Math.min(left, 100));
            if (c == NonBlockingReader.EOF) {
                return Event.QUIT;
            }
            if (c == ESC) {
                // An escape sequence (arrow or function key) ends in letters such as B or Q: skip it whole.
                while (in.read(20) >= 0) {
                    // drain what the key sent
                }
                continue;
            }
            if (c == 'q' || c == 'Q' || c == CTRL_C || c == CTRL_D) {
                return Event.QUIT;
            }
            if (c == 'b' || c == 'B') {
                return Event.CYCLE_BY;
            }
        }
    }

    /** Leaves the alternate screen, shows the cursor and restores the terminal modes; runs once. */
    private void restore() {
        if (!restored.compareAndSet(false, true)) {
            return;
        }
        try {
            terminal.puts(Capability.exit_ca_mode);
            terminal.puts(Capability.cursor_normal);
            terminal.flush();
            terminal.setAttributes(saved);
            terminal.close();
        } catch (IOException | RuntimeException e) {
            // Nothing more can be done for a terminal that is gone.
        }
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreOnExit);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs (and finds the terminal restored).
        }
    }
}
