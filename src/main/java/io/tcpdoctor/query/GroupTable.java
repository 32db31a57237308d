package io.tcpdoctor.query;

import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.StateCounts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A group x state table: largest groups first, the tail beyond {@code top} summed as "other". */
public record GroupTable(GroupKey key, List<Row> rows, Row other, StateCounts total) {

    /** One group and its per-state counts. */
    public record Row(String group, StateCounts counts) {
    }

    /** Groups the records; {@code top} <= 0 keeps every group. */
    public static GroupTable of(GroupKey key, Iterable<SocketRecord> records, int top) {
        Builder b = new Builder(key);
        for (SocketRecord r : records) {
            b.add(r);
        }
        return b.build(top);
    }

    /** Groups records one at a time, keeping per-group counts only: a streamed capture never keeps its rows. */
    public static final class Builder {
        private final GroupKey key;
        private final Map<String, StateCounts> groups = new HashMap<>();
        private final StateCounts total = new StateCounts();

        /** An empty table grouped by {@code key}. */
        public Builder(GroupKey key) {
            this.key = key;
        }

        /** Counts one record in its group. */
        public void add(SocketRecord r) {
            groups.computeIfAbsent(key.keyOf(r), k -> new StateCounts()).add(r.state());
            total.add(r.state());
        }

        /** The table: largest groups first; {@code top} <= 0 keeps every group. */
        public GroupTable build(int top) {
            List<Row> rows = new ArrayList<>(groups.size());
            groups.forEach((k, v) -> rows.add(new Row(k, v)));
            rows.sort((a, b) -> {
                int c = Long.compare(b.counts().total(), a.counts().total());
                return c != 0 ? c : a.group().compareTo(b.group());
            });
            if (top > 0 && rows.size() > top) {
                StateCounts rest = new StateCounts();
                for (Row r : rows.subList(top, rows.size())) {
                    rest.addAll(r.counts());
                }
                int restGroups = rows.size() - top;
                return new GroupTable(key, List.copyOf(rows.subList(0, top)), new Row("other (" + restGroups + " groups)", rest), total);
            }
            return new GroupTable(key, rows, null, total);
        }
    }
}
