package io.tcpdoctor.capture;

import io.tcpdoctor.capture.CaptureParser.LineKind;
import io.tcpdoctor.model.IpvsEntry;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The count-only path for big Linux netstat captures: reads the bytes of a mapped file in chunks split at
 * line boundaries, on every core, without a String per line. A row is counted in place when it is plainly
 * {@code tcp|tcp6 digits digits host:port host:port STATE ...} with a canonical state name; any other line is
 * decoded and given to {@link LinuxNetstatParser}, so results and skipped lines are exactly what the
 * streaming reader reports. A shell prompt or another tool's header means the capture mixes formats:
 * then this path gives up and the caller streams the file instead.
 */
public final class FastNetstatCounter {
    private FastNetstatCounter() {
    }

    /** Bytes per work unit: small enough to balance the cores, large enough to keep overhead low. */
    static final int CHUNK = 4 << 20;

    /** Skipped lines kept with their text; the rest are only counted. */
    static final int KEEP_SKIPS = 100;

    /** A skipped line. */
    public record Skip(long line, String why, String text) {
    }

    /** Counts per family and state ordinal, skipped lines, totals. */
    public record Result(long[] v4, long[] v6, List<Skip> skips, long skipped, long lines, long recognized) {
    }

    private static final byte[][] NAMES;
    private static final int[] ORDINALS;

    static {
        TcpState[] all = TcpState.all();
        NAMES = new byte[all.length][];
        ORDINALS = new int[all.length];
        for (int i = 0; i < all.length; i++) {
            NAMES[i] = all[i].name().getBytes(StandardCharsets.US_ASCII);
            ORDINALS[i] = all[i].ordinal();
        }
    }

    /** Counts the rows of a whole capture; null when it turned out not to be one plain netstat capture. */
    public static Result count(MemorySegment seg, int threads) {
        return count(seg, threads, CHUNK);
    }

    /** As {@link #count(MemorySegment, int)} with a given work-unit size (tests use tiny ones). */
    static Result count(MemorySegment seg, int threads, int chunkBytes) {
        long size = seg.byteSize();
        final long chunk = Math.max(1, chunkBytes);
        int chunks = (int) Math.max(1, (size + chunk - 1) / chunk);
        Chunk[] results = new Chunk[chunks];
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            int i;
            while ((i = next.getAndIncrement()) < chunks) {
                Chunk c = new Chunk();
                results[i] = c;
                c.run(seg, i * chunk, Math.min(size, (i + 1) * chunk));
                if (c.aborted) {
                    next.set(chunks);
                }
            }
        };
        int n = Math.max(1, Math.min(threads, chunks));
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
        long[] v4 = new long[TcpState.count()];
        long[] v6 = new long[TcpState.count()];
        List<Skip> skips = new ArrayList<>();
        long skipped = 0;
        long lines = 0;
        long recognized = 0;
        for (Chunk c : results) {
            if (c == null || c.aborted) {
                return null;
            }
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

        void run(MemorySegment seg, long start, long end) {
            long size = seg.byteSize();
            long p = start;
            if (p > 0 && seg.get(ValueLayout.JAVA_BYTE, p - 1) != '\n') {
                while (p < size && seg.get(ValueLayout.JAVA_BYTE, p) != '\n') {
                    p++;
                }
                p++;
            }
            while (p < end && p < size && !aborted) {
                lines++;
                p = line(seg, p, size);
            }
        }

        /** Handles the line starting at p; returns where the next line starts. */
        private long line(MemorySegment seg, long p, long size) {
            long q = p;
            boolean v6 = false;
            if (size - p > 4 && b(seg, p) == 't' && b(seg, p + 1) == 'c' && b(seg, p + 2) == 'p') {
                q = p + 3;
                if (b(seg, q) == '6') {
                    v6 = true;
                    q++;
                }
                q = numberField(seg, q, size);
                q = q < 0 ? q : numberField(seg, q, size);
                q = q < 0 ? q : addressField(seg, q, size);
                q = q < 0 ? q : addressField(seg, q, size);
                if (q >= 0) {
                    q = blanks(seg, q, size);
                    long s = q;
                    byte c;
                    while (q < size && (c = b(seg, q)) > ' ' && c < 0x7f) {
                        q++;
                    }
                    int ord = state(seg, s, q - s);
                    if (ord >= 0 && q > s && (q == size || isEnd(b(seg, q)))) {
                        long e = q;
                        while (e < size) {
                            byte x = b(seg, e);
                            if (x == '\n') {
                                break;
                            }
                            if (x == '\r' && (e + 1 == size || b(seg, e + 1) != '\n')) {
                                aborted = true;
                                return size;
                            }
                            e++;
                        }
                        if (e - p <= LineReader.MAX_LINE) {
                            (v6 ? this.v6 : this.v4)[ord]++;
                            recognized++;
                            return e + 1;
                        }
                    }
                }
            }
            return slow(seg, p, size);
        }

        private static boolean isEnd(byte x) {
            return x == ' ' || x == '\t' || x == '\n' || x == '\r';
        }

        private static byte b(MemorySegment seg, long i) {
            return seg.get(ValueLayout.JAVA_BYTE, i);
        }

        private static long blanks(MemorySegment seg, long q, long size) {
            while (q < size) {
                byte c = b(seg, q);
                if (c != ' ' && c != '\t') {
                    break;
                }
                q++;
            }
            return q;
        }

        /** Blanks then 1-18 digits then a blank; -1 otherwise. */
        private static long numberField(MemorySegment seg, long q, long size) {
            long s = blanks(seg, q, size);
            if (s == q) {
                return -1;
            }
            long e = s;
            while (e < size && b(seg, e) >= '0' && b(seg, e) <= '9') {
                e++;
            }
            if (e == s || e - s > 18 || e >= size) {
                return -1;
            }
            byte c = b(seg, e);
            return c == ' ' || c == '\t' ? e : -1;
        }

        /** Blanks then printable ASCII holding a colon that is neither first nor last, then a blank; -1 otherwise. */
        private static long addressField(MemorySegment seg, long q, long size) {
            long s = blanks(seg, q, size);
            if (s == q) {
                return -1;
            }
            long e = s;
            long colon = -1;
            byte c = 0;
            while (e < size && (c = b(seg, e)) > ' ' && c < 0x7f) {
                if (c == ':') {
                    colon = e;
                }
                e++;
            }
            if (e >= size || colon <= s || colon == e - 1 || (c != ' ' && c != '\t')) {
                return -1;
            }
            return e;
        }

        private static int state(MemorySegment seg, long s, long len) {
            for (int i = 0; i < NAMES.length; i++) {
                byte[] n = NAMES[i];
                if (n.length != len) {
                    continue;
                }
                int k = 0;
                while (k < n.length && b(seg, s + k) == n[k]) {
                    k++;
                }
                if (k == n.length) {
                    return ORDINALS[i];
                }
            }
            return -1;
        }

        /** Decodes one line and gives it to the full parser, as the streaming reader would. */
        private long slow(MemorySegment seg, long p, long size) {
            long e = p;
            while (e < size && b(seg, e) != '\n') {
                byte x = b(seg, e);
                if (x == '\r' && e + 1 < size && b(seg, e + 1) != '\n') {
                    aborted = true;
                    return size;
                }
                e++;
            }
            long end = e > p && b(seg, e - 1) == '\r' ? e - 1 : e;
            if (end - p > Integer.MAX_VALUE - 16) {
                aborted = true;
                return size;
            }
            byte[] bytes = seg.asSlice(p, end - p).toArray(ValueLayout.JAVA_BYTE);
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.length() > LineReader.MAX_LINE) {
                skip(lines, "line longer than " + LineReader.MAX_LINE + " characters", text.substring(0, LineReader.MAX_LINE));
                return e + 1;
            }
            if (Prompts.isPromptOrCommand(text)) {
                aborted = true;
                return size;
            }
            LineKind k = parser.line(text, lines, this);
            if (k == LineKind.SKIPPED) {
                for (CaptureFormat f : CaptureFormat.values()) {
                    if (f != CaptureFormat.NETSTAT && f.parser().line(text, lines, CaptureSink.NONE) == LineKind.HEADER) {
                        aborted = true;
                        return size;
                    }
                }
            } else if (k == LineKind.DATA || k == LineKind.HEADER) {
                recognized++;
            }
            return e + 1;
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
