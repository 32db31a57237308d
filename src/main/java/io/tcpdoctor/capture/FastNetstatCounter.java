package io.tcpdoctor.capture;

import io.tcpdoctor.capture.CaptureParser.LineKind;
import io.tcpdoctor.model.IpvsEntry;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The count-only path for big Linux netstat captures: reads the file in chunks split at line boundaries, on
 * every core, one reusable buffer each (memory: cores x (chunk + overlap), whatever the file size), without a
 * String per line. {@link Rows} counts a plain row in place; any other line is decoded and given to
 * {@link LinuxNetstatParser}, so results and skipped lines are exactly what the streaming reader reports. A
 * shell prompt or another tool's header means the capture mixes formats: then this path declines and the
 * caller has the line reader read the whole capture from its first line.
 */
public final class FastNetstatCounter {
    private FastNetstatCounter() {
    }

    /** Bytes per work unit: small enough to stay in cache between the read and the scan, big enough to be cheap. */
    static final int CHUNK = 1 << 20;

    /** Skipped lines kept with their text; the rest are only counted. */
    static final int KEEP_SKIPS = 100;

    /** A skipped line. */
    public record Skip(long line, String why, String text) {
    }

    /** Counts per family and state ordinal, skipped lines, totals. */
    public record Result(long[] v4, long[] v6, List<Skip> skips, long skipped, long lines, long recognized) {
    }

    /** Where the bytes come from: a file read with positional reads, or an array in memory. */
    public interface Source {
        /** Total length in bytes, or -1 while it is not known yet (a copy of standard input still arriving). */
        long size();

        /**
         * Waits until the first {@code want} bytes can be read or the input ended; returns how many can be read (all
         * of them once it ended). A file has them all at once.
         */
        default long await(long want) throws IOException {
            return size();
        }

        /** Reads up to {@code len} bytes at {@code pos} into {@code dst} from index 0; returns the number read. */
        int read(long pos, ByteBuffer dst, int len) throws IOException;

        /** A file channel: positional reads, so threads share it without locking. */
        static Source of(FileChannel ch) throws IOException {
            long size = ch.size();
            return new Source() {
                @Override
                public long size() {
                    return size;
                }

                @Override
                public int read(long pos, ByteBuffer dst, int len) throws IOException {
                    return readAt(ch, pos, dst, len);
                }
            };
        }

        /** Reads up to {@code len} bytes of a file at {@code pos} into {@code dst} from index 0; returns the number read. */
        static int readAt(FileChannel ch, long pos, ByteBuffer dst, int len) throws IOException {
            ByteBuffer b = dst.duplicate().clear().limit(len);
            int n = 0;
            while (b.hasRemaining()) {
                int r = ch.read(b, pos + n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return n;
        }

        /** Bytes in memory (tests, benchmarks). */
        static Source of(byte[] all) {
            return new Source() {
                @Override
                public long size() {
                    return all.length;
                }

                @Override
                public int read(long pos, ByteBuffer dst, int len) {
                    int n = (int) Math.max(0, Math.min(len, all.length - pos));
                    dst.put(0, all, (int) pos, n);
                    return n;
                }
            };
        }
    }

    /** Bytes read past a chunk's end so that a line starting in it can be finished: longer lines are cut anyway. */
    static final int OVERLAP = 4 * LineReader.MAX_LINE + 16;

    /** A work-unit number past every real one: taking it means there is no more work (the end, or a failure). */
    private static final int NO_MORE = Integer.MAX_VALUE / 2;

    /**
     * Counts the rows of a whole file on all cores. Null when it declines: the file turned out not to be one plain
     * netstat capture (the caller then reads the whole file with the line reader; nothing is taken over mid-file),
     * or counting was interrupted.
     */
    public static Result count(Source src, int threads) throws IOException {
        return count(src, threads, CHUNK);
    }

    /**
     * As {@link #count(Source, int)} with a given work-unit size (tests use tiny ones). A source whose size is not
     * known yet is counted as it arrives: each work unit waits for its bytes, and the end of the input ends the work.
     */
    static Result count(Source src, int threads, int chunkBytes) throws IOException {
        long known = src.size();
        final long chunk = Math.max(1, chunkBytes);
        java.util.concurrent.ConcurrentSkipListMap<Integer, Chunk> results = new java.util.concurrent.ConcurrentSkipListMap<>();
        AtomicInteger next = new AtomicInteger();
        IOException[] failure = new IOException[1];
        int bufferBytes = (int) (known < 0 ? chunk + OVERLAP : Math.min(chunk + OVERLAP, known + 1));
        Runnable work = () -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(bufferBytes).order(ByteOrder.LITTLE_ENDIAN);
            int i;
            while ((i = next.getAndIncrement()) < NO_MORE) {
                long start = i * chunk;
                Chunk c = new Chunk();
                try {
                    // Enough to finish this unit's last line; fewer only when the input ended.
                    long have = src.await(start + chunk + OVERLAP);
                    if (i > 0 && have <= start) {
                        break;
                    }
                    results.put(i, c);
                    c.run(src, buf, start, Math.min(have, start + chunk), have < start + chunk + OVERLAP ? have : Long.MAX_VALUE);
                } catch (IOException e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                    results.put(i, c);
                    c.aborted = true;
                }
                if (c.aborted) {
                    next.set(NO_MORE);
                }
            }
        };
        int n = Math.max(1, known < 0 ? threads : (int) Math.min(threads, Math.max(1, (known + chunk - 1) / chunk)));
        List<Thread> started = new ArrayList<>();
        for (int t = 1; t < n; t++) {
            started.add(Thread.ofPlatform().daemon().name("tcpdoctor-count-" + t).start(work));
        }
        work.run();
        for (Thread t : started) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        synchronized (failure) {
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        int expect = 0;
        for (var e : results.entrySet()) {
            if (e.getKey() != expect++ || e.getValue().aborted) {
                return null;
            }
        }
        return merge(List.copyOf(results.values()));
    }

    /**
     * Counts a whole stream (standard input, a gzip file) on one core, a buffer at a time, starting with {@code head},
     * the bytes already read from it. Memory: one buffer, whatever the length. Null when it declines, as
     * {@link #count(Source, int)} does: the caller then has the line reader read the whole stream again.
     */
    public static Result countStream(InputStream in, byte[] head, int headLen) throws IOException {
        return countStream(in, head, headLen, CHUNK);
    }

    static Result countStream(InputStream in, byte[] head, int headLen, int chunkBytes) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(chunkBytes + OVERLAP).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(0, head, 0, headLen);
        int len = headLen;
        byte[] io = new byte[64 * 1024];
        boolean eof = false;
        boolean midLine = false;
        List<Chunk> done = new ArrayList<>();
        while (true) {
            while (len < buf.capacity() && !eof) {
                int n = in.read(io, 0, Math.min(io.length, buf.capacity() - len));
                if (n < 0) {
                    eof = true;
                } else {
                    buf.put(len, io, 0, n);
                    len += n;
                }
            }
            Chunk c = new Chunk();
            int next = c.scan(buf, 0, eof ? len : len - OVERLAP, len, eof, midLine);
            if (c.aborted) {
                return null;
            }
            done.add(c);
            if (eof) {
                return merge(done);
            }
            midLine = next > len;
            int keep = Math.max(0, len - next);
            for (int i = 0; i < keep; i++) {
                buf.put(i, buf.get(next + i));
            }
            len = keep;
        }
    }

    /** Adds up work units in file order, numbering their skipped lines from the start of the file. */
    private static Result merge(List<Chunk> chunks) {
        long[] v4 = new long[TcpState.count()];
        long[] v6 = new long[TcpState.count()];
        List<Skip> skips = new ArrayList<>();
        long skipped = 0;
        long lines = 0;
        long recognized = 0;
        for (Chunk c : chunks) {
            for (int s = 0; s < v4.length; s++) {
                v4[s] += c.v4[s];
                v6[s] += c.v6[s];
            }
            for (Skip k : c.skips) {
                if (skips.size() < KEEP_SKIPS) {
                    skips.add(new Skip(lines + k.line, k.why, k.text));
                }
            }
            skipped += c.skipped;
            lines += c.lines;
            recognized += c.recognized;
        }
        return new Result(v4, v6, List.copyOf(skips), skipped, lines, recognized);
    }

    /** One work unit: the lines that start inside [start, end). */
    private static final class Chunk implements CaptureSink {
        final long[] v4 = new long[TcpState.count()];
        final long[] v6 = new long[TcpState.count()];
        final List<Skip> skips = new ArrayList<>();
        final LinuxNetstatParser parser = new LinuxNetstatParser();
        long skipped;
        long lines;
        long recognized;
        boolean aborted;
        /** File offset of the first line this unit handles. */
        long firstLine;
        private int startedAt;

        /**
         * Reads [start - 1, end + OVERLAP) into buf and handles every line starting in [start, end). Positions in
         * the buffer are file positions minus {@code base}; {@code limit} is the buffer's end.
         */
        void run(Source src, ByteBuffer buf, long start, long end, long size) throws IOException {
            long base = Math.max(0, start - 1);
            int want = (int) Math.min(buf.capacity(), Math.max(0, size - base));
            int got = src.read(base, buf, want);
            // Only a buffer that reaches the end of the file may end a line without a newline.
            boolean eof = base + got >= size;
            int p = (int) (start - base);
            scan(buf, p, (int) (end - base), got, eof, start > 0 && buf.get(p - 1) != '\n');
            firstLine = base + startedAt;
        }

        /**
         * Handles the lines starting in [p, stop) of a buffer filled up to {@code limit}; when {@code midLine}, p is
         * inside a line handled elsewhere, so counting starts after its newline. Returns where the next line starts.
         */
        int scan(ByteBuffer buf, int p, int stop, int limit, boolean eof, boolean midLine) {
            if (midLine) {
                while (p < limit && buf.get(p) != '\n') {
                    p++;
                }
                p++;
            }
            startedAt = p;
            while (p < stop && p < limit && !aborted) {
                lines++;
                p = line(buf, p, limit, eof);
            }
            return p;
        }

        /** Handles the line starting at p; returns where the next line starts. */
        private int line(ByteBuffer b, int p, int limit, boolean eof) {
            long r = Rows.scan(b, p, limit);
            if (r >= 0) {
                int e = (int) (r >>> 8);
                if (e - p <= LineReader.MAX_LINE) {
                    ((r & 0x80) != 0 ? this.v6 : this.v4)[(int) (r & 0x7f)]++;
                    recognized++;
                    return e + 1;
                }
            } else if (r == Rows.LONE_CR) {
                aborted = true;
                return limit;
            }
            return slow(b, p, limit, eof);
        }

        /** Decodes one line and gives it to the full parser, as the streaming reader would. */
        private int slow(ByteBuffer b, int p, int limit, boolean eof) {
            int e = p;
            while (e < limit && b.get(e) != '\n') {
                if (b.get(e) == '\r' && (e + 1 < limit ? b.get(e + 1) != '\n' : !eof)) {
                    aborted = true;
                    return limit;
                }
                e++;
            }
            if (e == limit && !eof) {
                // The line runs past the overlap: longer than any line kept, and no line of this chunk follows it.
                String head = text(b, p, Math.min(e - p, 4 * LineReader.MAX_LINE));
                skip(lines, "line longer than " + LineReader.MAX_LINE + " characters", head.substring(0, Math.min(head.length(), LineReader.MAX_LINE)));
                // Past the buffer's end: the next buffer starts inside this line.
                return limit + 1;
            }
            int end = e > p && b.get(e - 1) == '\r' ? e - 1 : e;
            String text = text(b, p, end - p);
            if (text.length() > LineReader.MAX_LINE) {
                skip(lines, "line longer than " + LineReader.MAX_LINE + " characters", text.substring(0, LineReader.MAX_LINE));
                return e + 1;
            }
            if (Prompts.isPromptOrCommand(text)) {
                aborted = true;
                return limit;
            }
            LineKind k = parser.line(text, lines, this);
            if (k == LineKind.SKIPPED) {
                for (CaptureFormat f : CaptureFormat.values()) {
                    if (f != CaptureFormat.NETSTAT && f.parser().line(text, lines, CaptureSink.NONE) == LineKind.HEADER) {
                        aborted = true;
                        return limit;
                    }
                }
            } else if (k == LineKind.DATA || k == LineKind.HEADER) {
                recognized++;
            }
            return e + 1;
        }

        private static String text(ByteBuffer b, int p, int len) {
            byte[] bytes = new byte[len];
            b.get(p, bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public void socket(SocketRecord r) {
            (r.ipv6() ? v6 : v4)[r.state().ordinal()]++;
        }

        @Override
        public void count(TcpState state, long n) {
            v4[state.ordinal()] += n;
        }

        @Override
        public void ipvs(IpvsEntry e) {
        }

        @Override
        public void skip(long line, String why, String text) {
            skipped++;
            if (skips.size() < KEEP_SKIPS) {
                skips.add(new Skip(line, why, text));
            }
        }
    }
}
