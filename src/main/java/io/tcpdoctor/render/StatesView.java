package io.tcpdoctor.render;

import io.tcpdoctor.model.IpvsEntry;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.query.GroupTable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code tcpdoctor states} shows: sockets per state, or with {@code --by} a group x state table, plus the IPVS
 * entries of an {@code ipvsadm -Lnc} capture (its own table, never mixed into socket states).
 *
 * @param snapshot the observed sockets (counts, source, time, warnings, IPVS entries)
 * @param groups the group table, or null without {@code --by}
 */
public record StatesView(Snapshot snapshot, GroupTable groups) {

    /** Writes the view in the given format. */
    public void write(Format format, PrintWriter out) {
        switch (format) {
            case JSON -> Json.write(out, json());
            case CSV -> csv(out);
            default -> {
                text(out);
                ipvsText(out);
            }
        }
    }

    /** The JSON document: {@code {"total", "states", "source", "taken_at", ["by", "groups", "other"]}}. */
    public Map<String, Object> json() {
        Snapshot snap = snapshot;
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("total", snap.counts().total());
        doc.put("states", stateMap(snap.counts()));
        doc.put("source", snap.source());
        doc.put("taken_at", snap.takenAt() == null ? null : snap.takenAt().toString());
        if (groups != null) {
            doc.put("by", groups.key().option());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (GroupTable.Row r : groups.rows()) {
                rows.add(groupJson(r));
            }
            doc.put("groups", rows);
            doc.put("other", groups.other() == null ? null : groupJson(groups.other()));
        }
        if (!snap.ipvs().isEmpty()) {
            Map<String, Object> ipvs = new LinkedHashMap<>();
            ipvs.put("total", snap.ipvs().size());
            ipvs.put("states", ipvsCounts(snap.ipvs()));
            doc.put("ipvs", ipvs);
        }
        List<String> warnings = new ArrayList<>();
        snap.warnings().forEach(w -> warnings.add(w.describe()));
        doc.put("warnings", warnings);
        return doc;
    }

    /** IPVS entries per IPVS state, largest first. */
    static Map<String, Long> ipvsCounts(List<IpvsEntry> entries) {
        Map<String, Long> m = new HashMap<>();
        for (IpvsEntry e : entries) {
            m.merge(e.state(), 1L, Long::sum);
        }
        Map<String, Long> sorted = new LinkedHashMap<>();
        m.entrySet().stream()
                .sorted((a, b) -> {
                    int c = Long.compare(b.getValue(), a.getValue());
                    return c != 0 ? c : a.getKey().compareTo(b.getKey());
                })
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private void ipvsText(PrintWriter out) {
        List<IpvsEntry> entries = snapshot.ipvs();
        if (entries.isEmpty()) {
            return;
        }
        out.println();
        out.println("IPVS connection entries (ipvsadm -Lnc; not sockets):");
        TextTable t = new TextTable("IPVS_STATE", ">COUNT");
        ipvsCounts(entries).forEach(t::row);
        t.row("TOTAL", entries.size());
        t.print(out);
    }

    private static Map<String, Object> groupJson(GroupTable.Row r) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("group", r.group());
        g.put("total", r.counts().total());
        g.put("states", stateMap(r.counts()));
        return g;
    }

    private static Map<String, Long> stateMap(StateCounts c) {
        Map<String, Long> m = new LinkedHashMap<>();
        c.nonZero().forEach((s, n) -> m.put(s.name(), n));
        return m;
    }

    /** {@code n} of {@code total} in percent with one decimal, rounded half up. */
    public static String percent(long n, long total) {
        // Tenths rounded half up, by integer arithmetic: String.format would load the locale data at every start.
        long tenths = total == 0 ? 0 : (2000 * n + total) / (2 * total);
        return tenths / 10 + "." + tenths % 10;
    }

    private void text(PrintWriter out) {
        StateCounts counts = snapshot.counts();
        if (groups == null) {
            TextTable t = new TextTable("STATE", ">COUNT", ">%");
            long total = counts.total();
            counts.nonZero().forEach((s, n) -> t.row(s.name(), n, percent(n, total)));
            t.row("TOTAL", total, total == 0 ? "0.0" : "100.0");
            t.print(out);
            return;
        }
        List<TcpState> cols = new ArrayList<>(groups.total().nonZero().keySet());
        String[] headers = new String[cols.size() + 2];
        headers[0] = groups.key().option().toUpperCase(Locale.ROOT);
        headers[1] = ">TOTAL";
        for (int i = 0; i < cols.size(); i++) {
            headers[i + 2] = ">" + cols.get(i).name();
        }
        TextTable t = new TextTable(headers);
        for (GroupTable.Row r : groups.rows()) {
            t.row(groupCells(r.group(), r.counts(), cols));
        }
        if (groups.other() != null) {
            t.row(groupCells(groups.other().group(), groups.other().counts(), cols));
        }
        t.row(groupCells("TOTAL", groups.total(), cols));
        t.print(out);
    }

    private static Object[] groupCells(String group, StateCounts c, List<TcpState> cols) {
        Object[] cells = new Object[cols.size() + 2];
        cells[0] = group;
        cells[1] = c.total();
        for (int i = 0; i < cols.size(); i++) {
            cells[i + 2] = c.get(cols.get(i));
        }
        return cells;
    }

    private void csv(PrintWriter out) {
        if (groups == null) {
            StateCounts counts = snapshot.counts();
            Csv.row(out, "state", "count", "percent");
            long total = counts.total();
            counts.nonZero().forEach((s, n) -> Csv.row(out, s.name(), n, percent(n, total)));
            return;
        }
        Csv.row(out, groups.key().option(), "state", "count");
        List<GroupTable.Row> rows = new ArrayList<>(groups.rows());
        if (groups.other() != null) {
            rows.add(groups.other());
        }
        for (GroupTable.Row r : rows) {
            r.counts().nonZero().forEach((s, n) -> Csv.row(out, r.group(), s.name(), n));
        }
    }
}
