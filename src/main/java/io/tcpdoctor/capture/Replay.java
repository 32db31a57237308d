package io.tcpdoctor.capture;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Standard input kept as it is read, so that after the byte counter declines the line reader can read it again from
 * its first byte, as it reads a file again (standard input cannot be opened twice). The first {@link #IN_MEMORY}
 * bytes stay in memory, the rest go to a temporary file that is unlinked at once (it disappears with the process).
 * If that file cannot be written, keeping stops, and only a replay asked for afterwards fails.
 */
final class Replay extends FilterInputStream {
    /** Bytes kept on the heap before the rest goes to the temporary file. */
    static final int IN_MEMORY = 4 << 20;

    private final List<byte[]> memory = new ArrayList<>();
    private long inMemory;
    private FileChannel spill;
    /** Why the input could not be kept, or null. */
    private String lost;
    private boolean replayed;

    Replay(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            keep(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            keep(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must be kept too: read them.
        byte[] sink = new byte[(int) Math.min(n, 8192)];
        int r = read(sink, 0, sink.length);
        return Math.max(0, r);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
        // Standard input stays open for the replay and for the rest of the process.
    }

    private void keep(byte[] b, int off, int n) {
        if (replayed || lost != null) {
            return;
        }
        if (spill == null && inMemory + n <= IN_MEMORY) {
            byte[] copy = new byte[n];
            System.arraycopy(b, off, copy, 0, n);
            memory.add(copy);
            inMemory += n;
            return;
        }
        try {
            if (spill == null) {
                Path p = Files.createTempFile("tcpdoctor-stdin-", ".capture");
                spill = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
                Files.delete(p);
            }
            ByteBuffer buf = ByteBuffer.wrap(b, off, n);
            while (buf.hasRemaining()) {
                spill.write(buf);
            }
        } catch (IOException e) {
            lost = "cannot keep standard input in a temporary file: " + e.getMessage();
        }
    }

    /** Frees what was kept: no replay will be asked for. */
    void discard() {
        memory.clear();
        replayed = true;
        if (spill != null) {
            try {
                spill.close();
            } catch (IOException e) {
                // An unlinked file: closing it only frees the descriptor.
            }
        }
    }

    /** Every byte read so far, then the rest of standard input; nothing more is kept. */
    InputStream replay() throws IOException {
        if (lost != null) {
            throw new IOException(lost + "; save the capture to a file and give its name to --input");
        }
        replayed = true;
        List<InputStream> parts = new ArrayList<>();
        memory.forEach(m -> parts.add(new ByteArrayInputStream(m)));
        memory.clear();
        if (spill != null) {
            spill.position(0);
            parts.add(Channels.newInputStream(spill));
        }
        parts.add(in);
        return new SequenceInputStream(Collections.enumeration(parts));
    }
}
