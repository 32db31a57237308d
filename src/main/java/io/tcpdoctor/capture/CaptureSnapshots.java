package io.tcpdoctor.capture;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.model.IpvsEntry;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.SnapshotProvider;
import io.tcpdoctor.model.SocketFilter;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Snapshots read from a saved capture ({@code --input FILE}, {@code -} for stdin, gzip accepted). Applies the
 * socket filter itself, owner conditions included (from the capture's PID/Program or users:(...) fields).
 * When only counts are needed the capture is streamed without keeping rows; a plain Linux netstat capture
 * takes the byte-level count path, which counts the whole input or declines, and then the line reader reads the
 * whole input. Standard input is read by the first snapshot only.
 */
public final class CaptureSnapshots implements SnapshotProvider {
    /** Skipped lines listed one by one in warnings; beyond this only the total is given. */
    public static final int LISTED_SKIPS = 100;

    private final String name;
    private final CaptureFormat forced;
    private final boolean strict;
    private final InputStream stdin;
    /** Whether the input last opened was gzip-compressed. */
    private boolean gzip;
    /** Standard input being copied while the byte counter reads it, or null. */
    private Spool spool;
    /** Standard input can be read once: a second snapshot of {@code -} would silently be empty. */
    private boolean stdinRead;
    /** Whether the last capture read held totals (a counts table, ss -s), so its rows, if any, are not the whole. */
    private boolean totalsSeen;

    /**
     * @param name   a file path or {@code -} for standard input
     * @param forced the format to use, or null to detect it
     * @param strict when true any skipped line is an error (exit 4)
     */
    public CaptureSnapshots(String name, CaptureFormat forced, boolean strict) {
        this(name, forced, strict, System.in);
    }

    /** As above, reading {@code -} from the given stream. */
    public CaptureSnapshots(String name, CaptureFormat forced, boolean strict, InputStream stdin) {
        this.name = name;
        this.forced = forced;
        this.strict = strict;
        this.stdin = stdin;
    }

    @Override
    public String describe() {
        return isStdin() ? "stdin" : name;
    }

    /**
     * True when the last capture read had totals (a counts table, ss -s): its snapshot is totals-only even when rows
     * were streamed too.
     */
    public boolean totalsSeen() {
        return totalsSeen;
    }

    /** True when the capture can be read again: a regular file (not standard input, a pipe or a device). */
    public boolean rereadable() {
        try {
            return !isStdin() && Files.isRegularFile(Path.of(name));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private boolean isStdin() {
        return name.equals("-");
    }

    @Override
    public Snapshot take(SocketFilter filter, Needs needs) {
        return read(filter, needs, null);
    }

    /**
     * Streams the capture: each matching row goes to {@code each} as it is parsed and none is kept, so memory
     * does not grow with the capture. A capture of totals only hands on no row; its snapshot has the totals.
     */
    @Override
    public Snapshot stream(SocketFilter filter, Needs needs, java.util.function.Consumer<SocketRecord> each) {
        return read(filter, new Needs(needs.owners(), needs.tcpInfo(), false), each);
    }

    private Snapshot read(SocketFilter filter, Needs needs, java.util.function.Consumer<SocketRecord> each) {
        // The filter is applied while reading, so counts never need the rows kept; the byte-level count path
        // knows only state and family, so it needs a filter of nothing else.
        boolean countsOnly = needs.countsOnly() && !needs.owners();
        boolean byteCount = countsOnly && filter.stateOnly() && (forced == null || forced == CaptureFormat.NETSTAT);
        Collector c = new Collector(filter, countsOnly, each);
        long sizeAtStart = sizeNow();
        long lines;
        long recognized;
        boolean lineReader;
        try {
            // One rule for every input: the byte counter counts all of it, or the line reader reads all of it.
            FastNetstatCounter.Result counted = byteCount ? count() : null;
            lineReader = counted == null;
            if (counted != null) {
                c.add(counted);
                lines = counted.lines();
                recognized = counted.recognized();
            } else {
                rawBytesRead = 0;
                CaptureReader.Summary summary;
                try (LineReader in = new LineReader(open())) {
                    summary = CaptureReader.read(in, forced, c);
                }
                lines = summary.lines();
                recognized = summary.recognized();
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            // The file opened: its content is bad, not the source (a cut download, a damaged archive).
            throw new TcpdoctorException(ExitCode.BAD_INPUT, describe() + ": corrupt or truncated gzip data ("
                    + (e.getMessage() == null ? "unexpected end of the compressed stream" : e.getMessage()) + ")", e);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, describe() + ": not text in a known encoding", e);
        } catch (IOException e) {
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot read " + describe() + ": " + e.getMessage(), e);
        } finally {
            if (spool != null) {
                spool.close();
                spool = null;
            }
        }
        if (recognized == 0) {
            throw notCapture(lines, c.skips.isEmpty() ? null : c.skips.getFirst());
        }
        List<Problem> warnings = warnings(c.skips, c.skipped);
        changedWhileRead(sizeAtStart, lineReader && !gzip).ifPresent(warnings::add);
        if (c.redacted > 0) {
            warnings.add(Problem.of(describe() + ": " + c.redacted + " socket row(s) with a redacted address (e.g. '"
                    + c.redactedExample + "') count by their state; their address is unknown"));
        }
        boolean totalsOnly = countsOnly || c.totalsSeen;
        totalsSeen = c.totalsSeen;
        if (c.totalsSeen && !filter.stateOnly()) {
            warnings.add(Problem.of(describe() + " has totals only: port, address and owner filters cannot apply to them"));
        }
        return new Snapshot(takenAt(), describe(), totalsOnly || each != null ? null : List.copyOf(c.records), c.counts, List.copyOf(c.ipvs),
                List.copyOf(warnings), null);
    }

    /** Bytes read from the file by the line reader (not through the count path). */
    private long rawBytesRead;

    /** The file's size now, or -1 for standard input or a file that is not regular. */
    private long sizeNow() {
        if (isStdin()) {
            return -1;
        }
        try {
            Path p = Path.of(name);
            return Files.isRegularFile(p) ? Files.size(p) : -1;
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return -1;
        }
    }

    /**
     * A warning when the file changed size while it was read (rotated, truncated, still being written) or, read
     * from the start by the line reader, ended before its size said: the counts may then be incomplete.
     */
    private java.util.Optional<Problem> changedWhileRead(long sizeAtStart, boolean wholeFileRead) {
        if (sizeAtStart < 0) {
            return java.util.Optional.empty();
        }
        long now = sizeNow();
        if (now != sizeAtStart) {
            return java.util.Optional.of(Problem.of(describe() + " changed size while it was read (" + sizeAtStart
                    + " bytes at the start, " + (now < 0 ? "gone" : now + "") + " at the end): the counts may be incomplete"));
        }
        if (wholeFileRead && rawBytesRead < sizeAtStart) {
            return java.util.Optional.of(Problem.of(describe() + " was cut while it was read (" + rawBytesRead + " of "
                    + sizeAtStart + " bytes): the counts may be incomplete"));
        }
        return java.util.Optional.empty();
    }

    private TcpdoctorException notCapture(long lines, Problem first) {
        if (lines == 0) {
            return new TcpdoctorException(ExitCode.BAD_INPUT, describe() + " is empty: no capture to read");
        }
        if (forced != null) {
            return new TcpdoctorException(ExitCode.BAD_INPUT, describe() + " has no usable " + forced.label() + " line (tried: "
                    + forced.label() + (first == null ? "" : "; first problem: line " + first.line() + ": " + first.message()) + ")");
        }
        return new TcpdoctorException(ExitCode.BAD_INPUT, describe() + " is not a capture tcpdoctor can read (tried: "
                + CaptureFormat.labels() + (first == null || first.message().startsWith("not part of") ? ""
                        : "; first line: " + first.message())
                + "); use --input-format to force one");
    }

    /** Bytes looked at before choosing the count path. */
    private static final int HEAD = 64 * 1024;

    /**
     * The byte counter's count of the whole input, or null when the line reader must read it: the input is shorter
     * than the look-ahead, its first {@link #HEAD} bytes (after gzip) are not a plain Linux netstat capture, or the
     * counter declined part way (the capture mixes formats). The same rule for every input; only how it is read
     * differs: a plain file on all cores; standard input, which cannot be opened twice, is copied to a temporary file
     * as it arrives ({@link Spool}) and that copy is counted on all cores while it grows; gzip a buffer at a time.
     */
    private FastNetstatCounter.Result count() throws IOException {
        if (!isStdin()) {
            Path p = Path.of(name);
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                return null;
            }
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                FastNetstatCounter.Source file = FastNetstatCounter.Source.of(ch);
                byte[] head = new byte[HEAD];
                int n = file.read(0, java.nio.ByteBuffer.wrap(head), HEAD);
                if (!isGzip(head, n)) {
                    return countPlain(file, head, n);
                }
            }
        } else {
            if (stdinRead) {
                throw new TcpdoctorException(ExitCode.INTERNAL, "the capture on stdin was already read; save it to a file");
            }
            stdinRead = true;
            try {
                spool = Spool.of(stdin);
            } catch (IOException e) {
                // No temporary file can be made (a read-only /tmp): the line reader reads standard input as it comes.
                stdinRead = false;
                return null;
            }
            FastNetstatCounter.Source copy = spool.source();
            byte[] head = new byte[HEAD];
            int n = copy.read(0, java.nio.ByteBuffer.wrap(head), HEAD);
            if (!isGzip(head, n)) {
                return countPlain(copy, head, n);
            }
        }
        try (InputStream in = open()) {
            byte[] head = in.readNBytes(HEAD);
            if (head.length < HEAD || !plainNetstatStart(head, head.length)) {
                return null;
            }
            return FastNetstatCounter.countStream(in, head, head.length);
        }
    }

    /** The byte counter's count on all cores of an uncompressed input whose first {@code n} bytes are {@code head}. */
    private static FastNetstatCounter.Result countPlain(FastNetstatCounter.Source src, byte[] head, int n) throws IOException {
        return n == HEAD && plainNetstatStart(head, HEAD) ? FastNetstatCounter.count(src, Runtime.getRuntime().availableProcessors()) : null;
    }

    private static boolean isGzip(byte[] head, int n) {
        return n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    }

    /** True when the file starts like an uncompressed, byte-order-mark-free Linux netstat capture. */
    private static boolean plainNetstatStart(byte[] head, int n) throws IOException {
        if (n >= 2 && ((head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b
                || (head[0] & 0xff) == 0xff || (head[0] & 0xff) == 0xfe || (head[0] & 0xff) == 0xef)) {
            return false;
        }
        if (LineReader.withoutBom(java.util.Arrays.copyOf(head, Math.min(n, 512))) != java.nio.charset.StandardCharsets.UTF_8) {
            // UTF-16 without a byte-order mark: only the line reader decodes it.
            return false;
        }
        if (plainRowsOnly(head, n)) {
            return true;
        }
        List<String> sample = new ArrayList<>();
        try (LineReader in = new LineReader(new java.io.ByteArrayInputStream(head, 0, n))) {
            String line;
            while ((line = in.readLine()) != null && sample.size() < CaptureReader.DETECT_LINES) {
                sample.add(line);
            }
        }
        if (sample.size() > 1) {
            sample.removeLast();
        }
        return CaptureReader.detect(sample) == CaptureFormat.NETSTAT;
    }

    /**
     * True when each of the first {@link CaptureReader#DETECT_LINES} lines is a plain netstat row, a netstat
     * header or blank. Detection then picks Linux netstat for sure (no other format explains more of such lines),
     * so the parsers need not all run: a big capture starts counting sooner.
     */
    private static boolean plainRowsOnly(byte[] head, int n) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(head, 0, n).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int p = 0;
        for (int lines = 0; lines < CaptureReader.DETECT_LINES; lines++) {
            long r = Rows.scan(b, p, n);
            int end;
            if (r >= 0) {
                end = (int) (r >>> 8);
            } else {
                end = p;
                while (end < n && head[end] != '\n') {
                    end++;
                }
                if (end >= n) {
                    return false;
                }
                String t = new String(head, p, end - p, java.nio.charset.StandardCharsets.UTF_8).strip();
                if (!t.isEmpty() && !LinuxNetstatParser.isHeader(t, Fields.split(t))) {
                    return false;
                }
            }
            p = end + 1;
        }
        return true;
    }

    /**
     * Opens the input from its first byte, gzip decoded. Standard input is read once; once copied by the byte
     * counter, the copy is read again from its first byte.
     */
    private InputStream open() throws IOException {
        InputStream raw;
        if (isStdin()) {
            if (spool != null) {
                raw = spool.stream();
            } else {
                if (stdinRead) {
                    throw new TcpdoctorException(ExitCode.INTERNAL, "the capture on stdin was already read; save it to a file");
                }
                stdinRead = true;
                raw = new FilterInputStream(stdin) {
                    @Override
                    public void close() {
                        // Standard input stays open for the rest of the process.
                    }
                };
            }
        } else {
            try {
                raw = new FilterInputStream(Files.newInputStream(Path.of(name))) {
                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        rawBytesRead += b < 0 ? 0 : 1;
                        return b;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        rawBytesRead += Math.max(0, n);
                        return n;
                    }
                };
            } catch (NoSuchFileException e) {
                throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot read " + name + ": no such file");
            } catch (AccessDeniedException e) {
                throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot read " + name + ": permission denied");
            }
            if (Files.isDirectory(Path.of(name))) {
                raw.close();
                throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot read " + name + ": is a directory");
            }
        }
        BufferedInputStream b = new BufferedInputStream(raw, 1 << 16);
        b.mark(2);
        int m0 = b.read();
        int m1 = b.read();
        b.reset();
        gzip = m0 == 0x1f && m1 == 0x8b;
        return gzip ? new GZIPInputStream(b, 1 << 16) : b;
    }

    private Instant takenAt() {
        if (isStdin()) {
            return null;
        }
        try {
            return Files.getLastModifiedTime(Path.of(name)).toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    private TcpdoctorException strictError(Problem p) {
        return new TcpdoctorException(ExitCode.BAD_INPUT, p.describe() + " (--strict: no line may be skipped)");
    }

    /** The listed skips plus, when there were more, one line with the total. */
    private List<Problem> warnings(List<Problem> listed, long total) {
        List<Problem> w = new ArrayList<>(listed);
        if (total > listed.size()) {
            w.add(new Problem(describe(), 0, Skips.totalMessage(total, listed.size()), null));
        }
        return w;
    }

    /** Collects what the reader finds, applying the filter, keeping rows only when asked to. */
    private final class Collector implements CaptureSink {
        final SocketFilter filter;
        final boolean countsOnly;
        final StateCounts counts = new StateCounts();
        final List<SocketRecord> records = new ArrayList<>();
        final List<IpvsEntry> ipvs = new ArrayList<>();
        final List<Problem> skips = new ArrayList<>();
        long skipped;
        boolean totalsSeen;
        /** Rows whose local or remote address was hidden by the poster. */
        long redacted;
        String redactedExample;

        /** Where rows go when streamed; null keeps them. */
        final java.util.function.Consumer<SocketRecord> each;

        Collector(SocketFilter filter, boolean countsOnly, java.util.function.Consumer<SocketRecord> each) {
            this.filter = filter;
            this.countsOnly = countsOnly;
            this.each = each;
        }

        /** Adds what the count path found: counts the filter selects, skipped lines in order. */
        void add(FastNetstatCounter.Result r) {
            for (TcpState s : TcpState.all()) {
                if (filter.states().contains(s)) {
                    counts.add(s, (filter.ipv4() ? r.v4()[s.ordinal()] : 0) + (filter.ipv6() ? r.v6()[s.ordinal()] : 0));
                }
            }
            for (FastNetstatCounter.Skip k : r.skips()) {
                skip(k.line(), k.why(), k.text());
            }
            // Skipped lines beyond those listed were only counted.
            skipped += r.skipped() - r.skips().size();
        }

        @Override
        public void socket(SocketRecord r) {
            if (!filter.test(r)) {
                return;
            }
            counts.add(r.state());
            if (Redaction.redacted(r)) {
                if (redacted++ == 0) {
                    redactedExample = Redaction.example(r);
                }
            }
            if (each != null) {
                each.accept(r);
            } else if (!countsOnly) {
                records.add(r);
            }
        }

        @Override
        public void count(TcpState state, long n) {
            totalsSeen = true;
            if (filter.states().contains(state)) {
                counts.add(state, n);
            }
        }

        @Override
        public void ipvs(IpvsEntry e) {
            ipvs.add(e);
        }

        @Override
        public void skip(long line, String why, String text) {
            Problem p = new Problem(describe(), line, why, text);
            if (strict) {
                throw strictError(p);
            }
            skipped++;
            if (skips.size() < LISTED_SKIPS) {
                skips.add(p);
            }
        }
    }
}
