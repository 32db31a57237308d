package io.tcpdoctor.render;

import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.query.GroupKey;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code diff} shows, and its text, JSON and CSV: per-state counts of two observations and the change, and
 * with a {@code --by} key the change per group (largest first, the rest summed as "other").
 *
 * @param groups null without a key
 */
public record DiffView(Snapshot a, Snapshot b, List<Change> states, GroupKey key, List<Change> groups) {

    /** One compared row: a state or a group. */
    public record Change(String name, long before, long after) {
        long change() {
            return after - before;
        }
    }

    /** The comparison of two snapshots; {@code key} (nullable) adds groups, {@code top} of them (0 = all). */
    public static DiffView of(Snapshot a, Snapshot b, GroupKey key, int top) {
        return new DiffView(a, b, states(a.counts(), b.counts()), key, key == null ? null : groups(key, a.sockets(), b.sockets(), top));
    }

    /** Writes the view. */
    public void write(Format fmt, PrintWriter out) {
        switch (fmt) {
            case JSON -> Json.write(out, json(a, b, states, key, groups));
            case CSV -> csv(out, states, key, groups);
            default -> text(out, a, b, states, key, groups);
        }
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
        rows.sort((x, y) -> {
            int c = Long.compare(Math.abs(y.change()), Math.abs(x.change()));
            c = c != 0 ? c : Long.compare(y.after(), x.after());
            return c != 0 ? c : x.name().compareTo(y.name());
        });
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
