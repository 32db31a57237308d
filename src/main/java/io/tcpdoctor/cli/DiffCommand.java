package io.tcpdoctor.cli;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.capture.CaptureFormat;
import io.tcpdoctor.capture.CaptureSnapshots;
import io.tcpdoctor.capture.Skips;
import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.query.GroupKey;
import io.tcpdoctor.query.SnapshotProvider;
import io.tcpdoctor.query.SocketFilter;
import io.tcpdoctor.render.Csv;
import io.tcpdoctor.render.Json;
import io.tcpdoctor.render.TextTable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tcpdoctor diff BEFORE AFTER}: what changed between two captures (or a capture and now). */
@Command(name = "diff", sortOptions = false,
        description = {"Compare socket states between two captures, or a capture and the live kernel: "
                + "per-state counts before and after and the change, e.g. to show that a fix worked.",
                "BEFORE and AFTER are capture files (any format --input reads, '-' for stdin, .gz accepted) or the word 'live'.",
                "With --by, the change per group (largest change first)."},
        footer = {"", "Examples:",
                "  tcpdoctor diff before-fix.txt after-fix.txt",
                "  tcpdoctor diff netstat-monday.txt live --state time-wait,close-wait",
                "  tcpdoctor diff before.txt after.txt --by remote-port --format json"})
public class DiffCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "BEFORE", description = "Capture file, '-' for stdin, or 'live'.")
    String before;

    @Parameters(index = "1", paramLabel = "AFTER", description = "Capture file, '-' for stdin, or 'live'.")
    String after;

    @Option(names = "--by", paramLabel = "KEY",
            description = "Also compare per group: local-port, remote-port, remote (address), peer (address:port), process, user.")
    String by;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20",
            description = "With --by: show the N groups that changed most, sum the rest as 'other' (0 = all). Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--input-format", paramLabel = "NAME",
            description = "Skip format detection for both captures: netstat, ss, proc, windows, bsd, powershell, ipvsadm, ss-s or counts.")
    String inputFormat;

    @Option(names = "--strict", description = "Fail (exit 4) on the first capture line that cannot be used.")
    boolean strict;

    @Mixin
    FilterOptions filters;

    /** One compared row: a state or a group. */
    record Change(String name, long before, long after) {
        long change() {
            return after - before;
        }
    }

    @Override
    public Integer call() {
        SocketFilter filter = usage(filters::toFilter);
        GroupKey key = by == null ? null : usage(() -> GroupKey.parse(by));
        CaptureFormat forced = inputFormat == null ? null : usage(() -> CaptureFormat.parse(inputFormat));
        if (top < 0) {
            throw new TcpdoctorException(ExitCode.USAGE, "--top must be 0 or more");
        }
        if (before.equals("-") && after.equals("-")) {
            throw new TcpdoctorException(ExitCode.USAGE, "only one of BEFORE and AFTER can be '-' (stdin)");
        }
        var fmt = format();
        SnapshotProvider.Needs needs = new SnapshotProvider.Needs(key != null && key.needsOwners(), false, key == null);
        Snapshot a = open(before, forced).take(filter, needs);
        Snapshot b = open(after, forced).take(filter, needs);
        notes(a);
        notes(b);
        if (key != null && (!a.hasRecords() || !b.hasRecords())) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, "--by needs per-socket rows, but "
                    + (a.hasRecords() ? b.source() : a.source()) + " has totals only");
        }
        List<Change> states = states(a.counts(), b.counts());
        List<Change> groups = key == null ? null : groups(key, a.sockets(), b.sockets(), top);
        switch (fmt) {
            case JSON -> Json.write(out(), json(a, b, states, key, groups));
            case CSV -> csv(out(), states, key, groups);
            default -> text(out(), a, b, states, key, groups);
        }
        return 0;
    }

    private SnapshotProvider open(String what, CaptureFormat forced) {
        if (what.equalsIgnoreCase("live")) {
            if (forced != null || strict) {
                throw new TcpdoctorException(ExitCode.USAGE, "--input-format and --strict apply to capture files, not 'live'");
            }
            return new LiveSnapshots(LiveSnapshots.Kind.AUTO, null);
        }
        return new CaptureSnapshots(what, forced, strict);
    }

    private void notes(Snapshot s) {
        String skipped = Skips.summary(s.warnings());
        if (skipped != null) {
            err().println("tcpdoctor: " + s.source() + ": " + skipped);
        }
        for (Problem p : s.warnings()) {
            if (!Skips.isSkip(p)) {
                err().println("tcpdoctor: note: " + p.describe());
            }
        }
        err().flush();
    }

    /** Every state present on either side, in state order, then nothing else: TOTAL is computed by callers. */
    static List<Change> states(StateCounts a, StateCounts b) {
        List<Change> out = new ArrayList<>();
        for (TcpState s : TcpState.all()) {
            if (a.get(s) != 0 || b.get(s) != 0) {
                out.add(new Change(s.name(), a.get(s), b.get(s)));
            }
        }
        return out;
    }

    /** Per-group totals on both sides, largest absolute change first; the tail beyond top summed as "other". */
    static List<Change> groups(GroupKey key, List<SocketRecord> a, List<SocketRecord> b, int top) {
        Map<String, long[]> m = new HashMap<>();
        for (SocketRecord r : a) {
            m.computeIfAbsent(key.keyOf(r), k -> new long[2])[0]++;
        }
        for (SocketRecord r : b) {
            m.computeIfAbsent(key.keyOf(r), k -> new long[2])[1]++;
        }
        List<Change> rows = new ArrayList<>();
        m.forEach((k, v) -> rows.add(new Change(k, v[0], v[1])));
        rows.sort(Comparator.comparingLong((Change c) -> Math.abs(c.change())).reversed()
                .thenComparing(Comparator.comparingLong((Change c) -> c.after()).reversed())
                .thenComparing(Change::name));
        if (top > 0 && rows.size() > top) {
            long x = 0;
            long y = 0;
            for (Change c : rows.subList(top, rows.size())) {
                x += c.before();
                y += c.after();
            }
            List<Change> kept = new ArrayList<>(rows.subList(0, top));
            kept.add(new Change("other (" + (rows.size() - top) + " groups)", x, y));
            return kept;
        }
        return rows;
    }

    static String signed(long v) {
        return v > 0 ? "+" + v : Long.toString(v);
    }

    private static Change total(List<Change> rows) {
        long x = 0;
        long y = 0;
        for (Change c : rows) {
            x += c.before();
            y += c.after();
        }
        return new Change("TOTAL", x, y);
    }

    private static void text(PrintWriter out, Snapshot a, Snapshot b, List<Change> states, GroupKey key, List<Change> groups) {
        out.println("before: " + a.source() + (a.takenAt() == null ? "" : " (" + a.takenAt() + ")"));
        out.println("after:  " + b.source() + (b.takenAt() == null ? "" : " (" + b.takenAt() + ")"));
        out.println();
        table(out, "STATE", states);
        if (groups != null) {
            out.println();
            table(out, key.option().toUpperCase(Locale.ROOT), groups);
        }
    }

    private static void table(PrintWriter out, String head, List<Change> rows) {
        TextTable t = new TextTable(head, ">BEFORE", ">AFTER", ">CHANGE");
        for (Change c : rows) {
            t.row(c.name(), c.before(), c.after(), signed(c.change()));
        }
        Change tot = total(rows);
        t.row(tot.name(), tot.before(), tot.after(), signed(tot.change()));
        t.print(out);
    }

    private static Map<String, Object> side(Snapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", s.source());
        m.put("taken_at", s.takenAt() == null ? null : s.takenAt().toString());
        m.put("total", s.counts().total());
        return m;
    }

    private static List<Map<String, Object>> rows(String keyName, List<Change> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Change c : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(keyName, c.name());
            m.put("before", c.before());
            m.put("after", c.after());
            m.put("change", c.change());
            out.add(m);
        }
        return out;
    }

    /** {@code {"before", "after", "states": [{state, before, after, change}], ["by", "groups"], "warnings"}}. */
    static Map<String, Object> json(Snapshot a, Snapshot b, List<Change> states, GroupKey key, List<Change> groups) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("before", side(a));
        doc.put("after", side(b));
        doc.put("states", rows("state", states));
        if (groups != null) {
            doc.put("by", key.option());
            doc.put("groups", rows("group", groups));
        }
        List<String> warnings = new ArrayList<>();
        a.warnings().forEach(w -> warnings.add(w.describe()));
        b.warnings().forEach(w -> warnings.add(w.describe()));
        doc.put("warnings", warnings);
        return doc;
    }

    private static void csv(PrintWriter out, List<Change> states, GroupKey key, List<Change> groups) {
        if (groups != null) {
            Csv.row(out, key.option(), "before", "after", "change");
            for (Change c : groups) {
                Csv.row(out, c.name(), c.before(), c.after(), c.change());
            }
            return;
        }
        Csv.row(out, "state", "before", "after", "change");
        for (Change c : states) {
            Csv.row(out, c.name(), c.before(), c.after(), c.change());
        }
    }
}
