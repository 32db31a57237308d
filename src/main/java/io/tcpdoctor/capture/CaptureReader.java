package io.tcpdoctor.capture;

import io.tcpdoctor.capture.CaptureParser.LineKind;
import io.tcpdoctor.model.IpvsEntry;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Streams a capture through the right parsers. Without a forced format it detects one from the first
 * lines, and detects again after a shell prompt or when a line is another format's header, so a paste of
 * several commands' output is read section by section. Holds at most {@link #DETECT_LINES} lines.
 */
public final class CaptureReader {
    /** Lines looked at to pick a format. */
    public static final int DETECT_LINES = 200;

    /** What a read saw: the formats used, lines recognized as data or headers, lines skipped. */
    public record Summary(Set<CaptureFormat> formats, long lines, long recognized, long skipped) {
    }

    private record Line(long number, String text, boolean retried) {
    }

    private final CaptureFormat forced;
    private final CaptureSink sink;
    private final Deque<Line> queue = new ArrayDeque<>();
    private final List<Line> window = new ArrayList<>();
    private final Set<CaptureFormat> used = EnumSet.noneOf(CaptureFormat.class);
    private final Held held;
    private CaptureFormat format;
    private CaptureParser parser;
    private long lines;
    private long recognized;
    private long skipped;

    private CaptureReader(CaptureFormat forced, CaptureSink sink) {
        this.forced = forced;
        this.sink = sink;
        this.held = new Held(sink);
        if (forced != null) {
            format = forced;
            parser = forced.parser();
            used.add(forced);
        }
    }

    /** Reads every line, reporting rows and skipped lines to the sink. */
    public static Summary read(LineReader in, CaptureFormat forced, CaptureSink sink) throws IOException {
        CaptureReader r = new CaptureReader(forced, sink);
        String text;
        while ((text = in.readLine()) != null) {
            r.lines++;
            if (in.truncated()) {
                r.skip(in.number(), "line longer than " + LineReader.MAX_LINE + " characters", text);
                continue;
            }
            r.queue.add(new Line(in.number(), text, false));
            r.drain(false);
        }
        r.drain(true);
        if (r.parser != null) {
            r.parser.finish(sink);
        }
        return new Summary(Set.copyOf(r.used), r.lines, r.recognized, r.skipped);
    }

    /** Picks the format that explains the most of these lines, or null when none explains any. */
    public static CaptureFormat detect(List<String> sample) {
        CaptureFormat best = null;
        long bestScore = 0;
        long bestBad = Long.MAX_VALUE;
        for (CaptureFormat f : CaptureFormat.values()) {
            CaptureParser p = f.parser();
            long data = 0;
            long headers = 0;
            long bad = 0;
            long n = 0;
            for (String s : sample) {
                n++;
                if (Prompts.isPromptOrCommand(s)) {
                    continue;
                }
                switch (p.line(s, n, CaptureSink.NONE)) {
                    case DATA -> data++;
                    case HEADER -> headers++;
                    case SKIPPED -> bad++;
                    default -> {
                    }
                }
            }
            // Most lines explained wins; fewer unexplained lines breaks a tie. Damage never hides a format.
            long good = data + 2 * headers;
            if (good > 0 && (good > bestScore || good == bestScore && bad < bestBad)) {
                best = f;
                bestScore = good;
                bestBad = bad;
            }
        }
        return best;
    }

    private void drain(boolean atEnd) {
        drainQueue();
        while (atEnd && parser == null && !window.isEmpty()) {
            decide();
            drainQueue();
        }
    }

    private void drainQueue() {
        while (!queue.isEmpty()) {
            Line l = queue.poll();
            if (Prompts.isPromptOrCommand(l.text)) {
                if (forced == null && parser == null && !window.isEmpty()) {
                    // The section being sampled ends here: pick its format from what it has, then come back.
                    queue.addFirst(l);
                    decide();
                    continue;
                }
                // A prompt alone is not a capture: a paste of "$ ss -tan" and "ss: command not found" has no socket.
                if (forced == null && parser != null) {
                    // A new command: what follows may be another tool's output.
                    parser.finish(sink);
                    parser = null;
                    format = null;
                }
                continue;
            }
            if (parser == null) {
                window.add(l);
                if (window.size() >= DETECT_LINES) {
                    decide();
                }
                continue;
            }
            feed(l);
        }
    }

    private void decide() {
        List<String> sample = new ArrayList<>(window.size());
        for (Line l : window) {
            sample.add(l.text);
        }
        CaptureFormat f = detect(sample);
        if (f == null) {
            CaptureParser counts = CaptureFormat.COUNTS.parser();
            for (Line l : window) {
                if (!l.text.isBlank()) {
                    skip(l.number, whyUnknown(counts, l), l.text);
                }
            }
            window.clear();
            return;
        }
        format = f;
        parser = f.parser();
        used.add(f);
        for (int i = window.size() - 1; i >= 0; i--) {
            queue.addFirst(window.get(i));
        }
        window.clear();
    }

    /** Why a line fits no format; a count of something that is not a state gets a hint at the usual cause. */
    private static String whyUnknown(CaptureParser counts, Line l) {
        Held why = new Held(CaptureSink.NONE);
        counts.line(l.text, l.number, why);
        if (why.why != null && why.why.startsWith("not a TCP state")) {
            return why.why + " (an awk $NF count of netstat -p output counts programs, not states)";
        }
        return "not part of any capture format tcpdoctor reads";
    }

    private void feed(Line l) {
        held.clear();
        LineKind k = parser.line(l.text, l.number, held);
        if (k == LineKind.SKIPPED) {
            if (forced == null && !l.retried && isOtherHeader(l)) {
                parser.finish(sink);
                parser = null;
                format = null;
                queue.addFirst(new Line(l.number, l.text, true));
                return;
            }
            if (held.why != null) {
                skip(l.number, held.why, held.text);
            } else {
                skipped++;
            }
            return;
        }
        if (k == LineKind.DATA || k == LineKind.HEADER) {
            recognized++;
        }
    }

    private boolean isOtherHeader(Line l) {
        for (CaptureFormat f : CaptureFormat.values()) {
            if (f != format && f.parser().line(l.text, l.number, CaptureSink.NONE) == LineKind.HEADER) {
                return true;
            }
        }
        return false;
    }

    private void skip(long number, String why, String text) {
        skipped++;
        sink.skip(number, why, text);
    }

    /** Passes rows straight on but holds a skip until the reader knows it is not a format change. */
    private static final class Held implements CaptureSink {
        private final CaptureSink next;
        String why;
        String text;

        Held(CaptureSink next) {
            this.next = next;
        }

        void clear() {
            why = null;
            text = null;
        }

        @Override
        public void socket(SocketRecord r) {
            next.socket(r);
        }

        @Override
        public void count(TcpState state, long n) {
            next.count(state, n);
        }

        @Override
        public void ipvs(IpvsEntry e) {
            next.ipvs(e);
        }

        @Override
        public void skip(long line, String why, String text) {
            if (this.why == null) {
                this.why = why;
                this.text = text;
            }
        }
    }
}
