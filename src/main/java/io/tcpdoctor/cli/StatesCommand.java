package io.tcpdoctor.cli;

import io.tcpdoctor.model.IpvsEntry;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.query.GroupKey;
import io.tcpdoctor.query.GroupTable;
import io.tcpdoctor.model.SnapshotProvider;
import io.tcpdoctor.model.SocketFilter;
import io.tcpdoctor.render.Csv;
import io.tcpdoctor.render.Json;
import io.tcpdoctor.render.TextTable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tcpdoctor states}: sockets per state, optionally grouped. */
@Command(name = "states", sortOptions = false,
        description = {"Count TCP sockets per state (IPv4 and IPv6): the netstat | awk one-liner done right.",
                "With --by, a group x state table, largest groups first."},
        footer = {"", "Examples:",
                "  tcpdoctor states",
                "  tcpdoctor states --by peer --state time-wait",
                "  tcpdoctor states --by process --top 10 --format json",
                "  tcpdoctor states --input netstat-antp.txt",
                "  ssh web01 'ss -tanp' | tcpdoctor states --input - --by process"})
public class StatesCommand extends BaseCommand {
    @Option(names = "--by", paramLabel = "KEY",
            description = "Group by: local-port, remote-port, remote (address), peer (address:port), process, user.")
    String by;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20",
            description = "With --by: show the N largest groups, sum the rest as 'other' (0 = all). Default: ${DEFAULT-VALUE}.")
    int top = 20;

    @Mixin
    FilterOptions filters = new FilterOptions();

    @Mixin
    SourceOptions source = new SourceOptions();

    @Override
    public Integer call() {
        SocketFilter filter = usage(filters::toFilter);
        GroupKey key = by == null ? null : usage(() -> GroupKey.parse(by));
        if (top < 0) {
            throw new io.tcpdoctor.error.TcpdoctorException(io.tcpdoctor.error.ExitCode.USAGE, "--top must be 0 (all groups) or more, not " + top);
        }
        var fmt = format();
        SnapshotProvider provider = source.open();
        boolean owners = key != null && key.needsOwners();
        Snapshot snap;
        GroupTable table = null;
        if (key == null) {
            snap = provider.take(filter, new SnapshotProvider.Needs(owners, false, true));
        } else {
            // Groups keep counts, not rows: the capture streams through the table.
            GroupTable.Builder groups = new GroupTable.Builder(key);
            long[] rows = new long[1];
            snap = provider.stream(filter, new SnapshotProvider.Needs(owners, false, false), r -> {
                rows[0]++;
                groups.add(r);
            });
            if (rows[0] == 0 && snap.counts().total() > 0) {
                printNotes(snap);
                throw new io.tcpdoctor.error.TcpdoctorException(io.tcpdoctor.error.ExitCode.BAD_INPUT,
                        "--by needs per-socket rows, but " + provider.describe() + " has totals only");
            }
            table = groups.build(top);
        }
        printNotes(snap);
        switch (fmt) {
            case JSON -> Json.write(out(), json(snap, table));
            case CSV -> csv(out(), snap.counts(), table);
            default -> {
                text(out(), snap.counts(), table);
                ipvsText(out(), snap.ipvs());
            }
        }
        return 0;
    }

    /** The JSON document: {@code {"total", "states", "source", "taken_at", ["by", "groups", "other"]}}. */
    static Map<String, Object> json(Snapshot snap, GroupTable table) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("total", snap.counts().total());
        doc.put("states", stateMap(snap.counts()));
        doc.put("source", snap.source());
        doc.put("taken_at", snap.takenAt() == null ? null : snap.takenAt().toString());
        if (table != null) {
            doc.put("by", table.key().option());
            List<Map<String, Object>> groups = new ArrayList<>();
            for (GroupTable.Row r : table.rows()) {
                groups.add(groupJson(r));
            }
            doc.put("groups", groups);
            doc.put("other", table.other() == null ? null : groupJson(table.other()));
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

    /** IPVS entries per IPVS state, largest first: IPVS's own table, never mixed into socket states. */
    static Map<String, Long> ipvsCounts(List<IpvsEntry> entries) {
        Map<String, Long> m = new HashMap<>();
        for (IpvsEntry e : entries) {
            m.merge(e.state(), 1L, Long::sum);
        }
        Map<String, Long> sorted = new LinkedHashMap<>();
        m.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static void ipvsText(PrintWriter out, List<IpvsEntry> entries) {
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

    static Map<String, Long> stateMap(StateCounts c) {
        Map<String, Long> m = new LinkedHashMap<>();
        c.nonZero().forEach((s, n) -> m.put(s.name(), n));
        return m;
    }

    static String percent(long n, long total) {
        // Tenths rounded half up, by integer arithmetic: String.format would load the locale data at every start.
        long tenths = total == 0 ? 0 : (2000 * n + total) / (2 * total);
        return tenths / 10 + "." + tenths % 10;
    }

    private static void text(PrintWriter out, StateCounts counts, GroupTable table) {
        if (table == null) {
            TextTable t = new TextTable("STATE", ">COUNT", ">%");
            long total = counts.total();
            counts.nonZero().forEach((s, n) -> t.row(s.name(), n, percent(n, total)));
            t.row("TOTAL", total, total == 0 ? "0.0" : "100.0");
            t.print(out);
            return;
        }
        List<TcpState> cols = new ArrayList<>(table.total().nonZero().keySet());
        String[] headers = new String[cols.size() + 2];
        headers[0] = table.key().option().toUpperCase(Locale.ROOT);
        headers[1] = ">TOTAL";
        for (int i = 0; i < cols.size(); i++) {
            headers[i + 2] = ">" + cols.get(i).name();
        }
        TextTable t = new TextTable(headers);
        for (GroupTable.Row r : table.rows()) {
            t.row(groupCells(r.group(), r.counts(), cols));
        }
        if (table.other() != null) {
            t.row(groupCells(table.other().group(), table.other().counts(), cols));
        }
        t.row(groupCells("TOTAL", table.total(), cols));
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

    private static void csv(PrintWriter out, StateCounts counts, GroupTable table) {
        if (table == null) {
            Csv.row(out, "state", "count", "percent");
            long total = counts.total();
            counts.nonZero().forEach((s, n) -> Csv.row(out, s.name(), n, percent(n, total)));
            return;
        }
        Csv.row(out, table.key().option(), "state", "count");
        List<GroupTable.Row> rows = new ArrayList<>(table.rows());
        if (table.other() != null) {
            rows.add(table.other());
        }
        for (GroupTable.Row r : rows) {
            r.counts().nonZero().forEach((s, n) -> Csv.row(out, r.group(), s.name(), n));
        }
    }
}
