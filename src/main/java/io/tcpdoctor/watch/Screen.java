package io.tcpdoctor.watch;

import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.i18n.Numbers;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.query.GroupTable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Lays a frame out for a terminal of a given size: header, per-state counts with change, rate and sparkline,
 * the top groups, the hot destinations with their time to port exhaustion, and the findings one line each.
 * Pure: the same frame and size give the same lines, so the layout is testable without a terminal.
 */
final class Screen {
    private static final String BARS = "▁▂▃▄▅▆▇█";
    private static final String ASCII_BARS = "_.-~=+*#";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final AttributedStyle BOLD = AttributedStyle.BOLD;
    private static final AttributedStyle HEADER = AttributedStyle.INVERSE;
    private static final AttributedStyle DIM = AttributedStyle.DEFAULT.faint();
    private static final int STATE_W = 12;
    private static final int NUM_W = 9;

    private final boolean unicode;

    /** {@code unicode}: the terminal shows block characters (UTF-8); otherwise sparklines are ASCII. */
    Screen(boolean unicode) {
        this.unicode = unicode;
    }

    /** The lines to show, at most {@code height}, each at most {@code width} columns. */
    List<AttributedString> render(Frame f, int width, int height) {
        List<AttributedString> out = new ArrayList<>(height);
        out.add(header(f, width));
        List<TcpState> states = f.shownStates();
        out.add(styled(pad("STATE", STATE_W) + lpad("COUNT", NUM_W) + lpad("CHANGE", NUM_W) + lpad("RATE/S", NUM_W)
                + "  HISTORY", BOLD));
        int sparkW = Math.max(0, width - (STATE_W + 3 * NUM_W + 2));
        for (TcpState s : states) {
            AttributedStringBuilder b = new AttributedStringBuilder();
            b.append(pad(s.name(), STATE_W)).append(lpad(Long.toString(f.counts().get(s)), NUM_W));
            long d = f.history().change(s);
            b.append(lpad(d == 0 ? "0" : LogLine.signed(d), NUM_W));
            double r = f.history().rate(s);
            b.append(lpad(Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%+.1f", r), NUM_W)).append("  ");
            b.append(spark(f.history().series(s, sparkW)));
            out.add(b.toAttributedString());
        }
        long dt = f.history().totalChange();
        out.add(styled(pad("TOTAL", STATE_W) + lpad(Long.toString(f.counts().total()), NUM_W)
                + lpad(dt == 0 ? "0" : LogLine.signed(dt), NUM_W), BOLD));

        // What is left goes to findings (up to 6 lines), destinations (up to 5), then groups get the rest.
        int left = height - out.size();
        List<AttributedString> findings = findings(f, width);
        List<AttributedString> ports = destinations(f, width);
        int findingLines = Math.min(findings.size(), Math.max(0, Math.min(7, left - 10)));
        int portLines = Math.min(ports.size(), Math.max(0, Math.min(7, left - findingLines - 6)));
        int groupLines = Math.max(0, left - findingLines - portLines - 3);
        out.add(AttributedString.EMPTY);
        out.addAll(groups(f, width, groupLines));
        if (portLines > 0) {
            out.add(AttributedString.EMPTY);
            out.addAll(ports.subList(0, portLines));
        }
        if (findingLines > 0) {
            out.add(AttributedString.EMPTY);
            out.addAll(findings.subList(0, findingLines));
        }
        List<AttributedString> fitted = new ArrayList<>(Math.min(height, out.size()));
        for (AttributedString line : out.subList(0, Math.min(height, out.size()))) {
            fitted.add(line.columnLength() > width ? line.columnSubSequence(0, width) : line);
        }
        return fitted;
    }

    private static AttributedString header(Frame f, int width) {
        String left = " tcpdoctor watch  " + f.source() + "  every " + human(f.interval()) + "  " + CLOCK.format(f.at());
        String right = "b: by " + f.by().option() + "  q: quit ";
        if (left.length() + right.length() + 1 > width) {
            // The keys matter more than the source on a narrow terminal, and q most of all.
            if (right.length() + 3 > width) {
                right = "q: quit ";
            }
            int keep = width - right.length() - 2;
            left = keep > 0 ? left.substring(0, keep) + "~" : "";
        }
        int gap = Math.max(1, width - left.length() - right.length());
        return styled(left + " ".repeat(gap) + right, HEADER);
    }

    private List<AttributedString> groups(Frame f, int width, int lines) {
        List<AttributedString> out = new ArrayList<>();
        if (lines <= 0) {
            return out;
        }
        GroupTable t = f.groups();
        String title = "TOP BY " + f.by().option().toUpperCase(Locale.ROOT);
        if (t == null) {
            out.add(styled(title + "  (reading sockets...)", BOLD));
            return out;
        }
        out.add(styled(title + age(f), BOLD));
        List<TcpState> cols = new ArrayList<>(t.total().nonZero().keySet());
        int groupW = 8;
        for (GroupTable.Row r : t.rows()) {
            groupW = Math.max(groupW, Math.min(45, r.group().length()));
        }
        groupW += 2;
        int fit = Math.max(0, (width - groupW - NUM_W) / (NUM_W + 3));
        if (cols.size() > fit) {
            cols = cols.subList(0, fit);
        }
        StringBuilder h = new StringBuilder(pad(f.by().option().toUpperCase(Locale.ROOT), groupW)).append(lpad("TOTAL", NUM_W));
        for (TcpState s : cols) {
            h.append(lpad(s.name(), NUM_W + 3));
        }
        if (lines < 2) {
            return out;
        }
        out.add(styled(h.toString(), BOLD));
        int rows = lines - 2;
        List<GroupTable.Row> all = t.rows();
        boolean more = all.size() > rows;
        int show = more ? Math.max(0, rows - 1) : all.size();
        for (GroupTable.Row r : all.subList(0, show)) {
            out.add(new AttributedString(groupRow(r.group(), r.counts(), cols, groupW)));
        }
        if (more && rows > 0) {
            long rest = t.other() == null ? 0 : t.other().counts().total();
            for (GroupTable.Row r : all.subList(show, all.size())) {
                rest += r.counts().total();
            }
            out.add(styled("... " + rest + " more sockets in smaller groups", DIM));
        }
        if (all.isEmpty()) {
            out.add(styled("(no sockets)", DIM));
        }
        return out;
    }

    private static String groupRow(String group, StateCounts c, List<TcpState> cols, int groupW) {
        String g = group.length() > groupW - 2 ? group.substring(0, groupW - 3) + "~" : group;
        StringBuilder b = new StringBuilder(pad(g, groupW)).append(lpad(Long.toString(c.total()), NUM_W));
        for (TcpState s : cols) {
            b.append(lpad(Long.toString(c.get(s)), NUM_W + 3));
        }
        return b.toString();
    }

    private static List<AttributedString> destinations(Frame f, int width) {
        List<AttributedString> out = new ArrayList<>();
        out.add(styled("PORT EXHAUSTION" + (f.usableRange() == null ? "" : "  (ephemeral ports " + f.usableRange()
                + " per destination)"), BOLD));
        if (f.detailAt() == null) {
            out.add(styled("(reading sockets...)", DIM));
            return out;
        }
        if (f.destinations().isEmpty()) {
            out.add(styled("no outgoing connections", DIM));
            return out;
        }
        int destW = 24;
        for (PortClock.Row d : f.destinations()) {
            destW = Math.max(destW, Math.min(60, d.label().length()));
        }
        destW += 2;
        out.add(styled(pad("DESTINATION", destW) + lpad("IN USE", NUM_W) + lpad("TIME_WAIT", NUM_W + 2)
                + lpad("NEW/S", NUM_W) + "  TIME LEFT", BOLD));
        for (PortClock.Row d : f.destinations()) {
            String label = d.label().length() > destW - 2 ? d.label().substring(0, destW - 3) + "~" : d.label();
            String line = pad(label, destW) + lpad(Long.toString(d.inUse()), NUM_W) + lpad(Long.toString(d.timeWait()), NUM_W + 2)
                    + lpad(Double.isNaN(d.newPerSecond()) ? "-" : Numbers.oneDecimal(d.newPerSecond()), NUM_W)
                    + "  " + timeLeft(d);
            AttributedStyle st = switch (d.eta().kind()) {
                case EXHAUSTED -> AttributedStyle.DEFAULT.foreground(AttributedStyle.RED).bold();
                case SECONDS -> AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
                default -> AttributedStyle.DEFAULT;
            };
            out.add(styled(line, st));
        }
        return out;
    }

    /** The time-left cell: a duration only when ports in use grow towards the end of the range. */
    static String timeLeft(PortClock.Row d) {
        PortClock.Eta e = d.eta();
        return switch (e.kind()) {
            case EXHAUSTED -> "exhausted (no free port)";
            case SECONDS -> "~" + human(Duration.ofMillis(Math.round(e.seconds() * 1000)))
                    + String.format(Locale.ROOT, " (in use %+.1f/s)", d.growthPerSecond());
            case STABLE -> e.steadyPorts() < 0 ? "stable" : "stable (needs ~" + e.steadyPorts() + " of " + d.usable() + ")";
            case UNKNOWN -> Double.isNaN(d.newPerSecond()) ? "unknown (measuring)" : "unknown";
        };
    }

    private static List<AttributedString> findings(Frame f, int width) {
        List<AttributedString> out = new ArrayList<>();
        out.add(styled("FINDINGS" + (f.detailAt() == null ? "" : age(f)), BOLD));
        if (f.detailAt() == null) {
            out.add(styled("(reading sockets...)", DIM));
        }
        for (Finding x : f.findings()) {
            AttributedStyle st = switch (x.severity()) {
                case CRITICAL -> AttributedStyle.DEFAULT.foreground(AttributedStyle.RED).bold();
                case WARNING -> AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW).bold();
                case INFO -> AttributedStyle.DEFAULT;
            };
            AttributedStringBuilder b = new AttributedStringBuilder();
            b.styled(st, pad(x.severity().name(), 10));
            b.append(x.title());
            out.add(b.toAttributedString());
        }
        for (Problem p : f.notes()) {
            out.add(styled("note: " + p.describe(), DIM));
        }
        return out;
    }

    private static String age(Frame f) {
        if (f.detailAt() == null || f.recordsThisRefresh()) {
            return "";
        }
        double s = Math.max(0, (f.at().toEpochMilli() - f.detailAt().toEpochMilli()) / 1000.0);
        return String.format(Locale.ROOT, "  (records %.0f s old)", s);
    }

    /** A sparkline scaled from the smallest to the largest value shown; a flat line sits at the bottom. */
    String spark(long[] values) {
        String bars = unicode ? BARS : ASCII_BARS;
        if (values.length == 0) {
            return "";
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        StringBuilder b = new StringBuilder(values.length);
        for (long v : values) {
            int level = max == min ? 0 : (int) ((v - min) * (bars.length() - 1) / (max - min));
            b.append(bars.charAt(level));
        }
        return b.toString();
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = Math.round(ms / 1000.0);
        if (ms % 1000 != 0 && ms < 10_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        if (s < 120) {
            return s + "s";
        }
        if (s < 7200) {
            return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
        }
        return String.format(Locale.ROOT, "%.1fh", s / 3600.0);
    }

    private static AttributedString styled(String s, AttributedStyle st) {
        return new AttributedString(s, st);
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s + " " : s + " ".repeat(w - s.length());
    }

    private static String lpad(String s, int w) {
        return s.length() >= w ? " " + s : " ".repeat(w - s.length()) + s;
    }
}
