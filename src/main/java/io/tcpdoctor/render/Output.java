package io.tcpdoctor.render;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Standard output that stops the command at the first failed write. A {@link java.io.PrintWriter} would swallow
 * the error and let the command format rows nobody reads ({@code list | head -1}) or exit 0 after a truncated
 * write ({@code > /dev/full}); this stream throws {@link Failure}, which unwinds every render loop at once.
 */
public final class Output extends FilterOutputStream {
    /** Exit status when the reader went away: the shell's status for a process ended by SIGPIPE (128 + 13). */
    public static final int CLOSED_PIPE_EXIT = 141;

    private Failure failure;

    /** Wraps the raw standard output (never {@code System.out}, which swallows errors too). */
    public Output(OutputStream out) {
        super(out);
    }

    /** A failed write to standard output. */
    public static final class Failure extends UncheckedIOException {
        /** Wraps the write's own error. */
        public Failure(IOException cause) {
            super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
        }

        private boolean reported;

        /** Marks the failure as reported; returns false when it already was (the stream rethrows the same one). */
        public boolean report() {
            boolean first = !reported;
            reported = true;
            return first;
        }

        /** True when the reader closed the pipe (EPIPE): not an error, the output is just no longer wanted. */
        public boolean closedPipe() {
            String m = getCause().getMessage();
            return m != null && (m.contains("Broken pipe") || m.contains("Stream closed"));
        }
    }

    private void check() {
        if (failure != null) {
            throw failure;
        }
    }

    private Failure fail(IOException e) {
        failure = new Failure(e);
        return failure;
    }

    @Override
    public void write(int b) {
        check();
        try {
            out.write(b);
        } catch (IOException e) {
            throw fail(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        check();
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw fail(e);
        }
    }

    @Override
    public void flush() {
        check();
        try {
            out.flush();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            try {
                out.close();
            } catch (IOException ignored) {
                // Closing after a failure changes nothing.
            }
        }
    }
}
