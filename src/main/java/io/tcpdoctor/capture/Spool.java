package io.tcpdoctor.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Standard input copied, as it arrives, to a temporary file that is unlinked at once (it disappears with the
 * process), by a thread of its own. The byte counter counts the copy on every core while the rest is still arriving
 * ({@link #source()}), and after the counter declines the line reader reads the copy from its first byte
 * ({@link #stream()}): standard input cannot be opened twice. A read of bytes not yet copied waits for them.
 */
final class Spool implements AutoCloseable {
    /** Bytes copied per read of standard input. */
    static final int BLOCK = 1 << 20;

    private final FileChannel file;
    private long copied;
    private boolean ended;
    private IOException failure;
    private boolean closed;

    private Spool(FileChannel file) {
        this.file = file;
    }

    /** Starts copying {@code in}; fails only when the temporary file cannot be made. */
    static Spool of(InputStream in) throws IOException {
        return of(in, BLOCK);
    }

    /** As {@link #of(InputStream)}, copying {@code block} bytes at a time (tests use tiny ones). */
    static Spool of(InputStream in, int block) throws IOException {
        Path p = Files.createTempFile("tcpdoctor-stdin-", ".capture");
        FileChannel ch;
        try {
            ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } finally {
            Files.deleteIfExists(p);
        }
        Spool s = new Spool(ch);
        Thread.ofPlatform().daemon().name("tcpdoctor-stdin").start(() -> s.copy(in, block));
        return s;
    }

    private void copy(InputStream in, int blockBytes) {
        byte[] block = new byte[blockBytes];
        try {
            while (true) {
                int n = in.readNBytes(block, 0, block.length);
                if (n > 0) {
                    ByteBuffer b = ByteBuffer.wrap(block, 0, n);
                    long at;
                    synchronized (this) {
                        if (closed) {
                            return;
                        }
                        at = copied;
                    }
                    while (b.hasRemaining()) {
                        at += file.write(b, at);
                    }
                    synchronized (this) {
                        copied = at;
                        notifyAll();
                    }
                }
                if (n < block.length) {
                    break;
                }
            }
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        } catch (IOException e) {
            synchronized (this) {
                failure = e;
                notifyAll();
            }
        }
    }

    /**
     * Waits until the first {@code want} bytes are copied or standard input ended; returns how many are copied (all
     * of them once it ended).
     */
    synchronized long await(long want) throws IOException {
        while (copied < want && !ended && failure == null && !closed) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading standard input");
            }
        }
        if (failure != null) {
            throw new IOException("cannot keep standard input in a temporary file: " + failure.getMessage()
                    + "; save the capture to a file and give its name to --input", failure);
        }
        if (closed) {
            throw new IOException("standard input was already read");
        }
        return copied;
    }

    /** The copy for the byte counter: positional reads that wait for their bytes; the size is known at the end. */
    FastNetstatCounter.Source source() {
        return new FastNetstatCounter.Source() {
            @Override
            public long size() {
                synchronized (Spool.this) {
                    return ended ? copied : -1;
                }
            }

            @Override
            public long await(long want) throws IOException {
                return Spool.this.await(want);
            }

            @Override
            public int read(long pos, ByteBuffer dst, int len) throws IOException {
                long have = Spool.this.await(pos + len);
                return FastNetstatCounter.Source.readAt(file, pos, dst, (int) Math.max(0, Math.min(len, have - pos)));
            }
        };
    }

    /** The copy from its first byte to the end of standard input, waiting for bytes still arriving. */
    InputStream stream() {
        return new InputStream() {
            private long pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                long have = await(pos + 1);
                if (have <= pos) {
                    return -1;
                }
                int n = file.read(ByteBuffer.wrap(b, off, (int) Math.min(len, have - pos)), pos);
                if (n > 0) {
                    pos += n;
                }
                return n;
            }
        };
    }

    /** Stops copying and frees the file. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            file.close();
        } catch (IOException e) {
            // An unlinked file: closing it only frees the descriptor.
        }
    }
}
