package io.tcpdoctor.cli;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.model.SocketFilter;
import io.tcpdoctor.observe.Needs;
import io.tcpdoctor.observe.Observation;
import io.tcpdoctor.observe.Observer;
import io.tcpdoctor.query.GroupKey;
import io.tcpdoctor.query.GroupTable;
import io.tcpdoctor.render.Format;
import io.tcpdoctor.render.StatesView;
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
            throw new TcpdoctorException(ExitCode.USAGE, "--top must be 0 (all groups) or more, not " + top);
        }
        Format fmt = format();
        // Without --by, per-state totals are all that is read (the count-only path); with it, rows stream through
        // the group table, which keeps counts, not rows.
        Needs needs = key == null ? Needs.COUNTS : key.needsOwners() ? Needs.RECORDS.withOwners() : Needs.RECORDS;
        Observation seen;
        GroupTable table = null;
        try (Observer observer = source.observer(needs)) {
            if (key == null) {
                seen = observer.observe(filter);
            } else {
                GroupTable.Builder groups = new GroupTable.Builder(key);
                seen = observer.observe(filter, groups::add);
                table = groups.build(top);
                if (table.total().total() == 0 && seen.snapshot().counts().total() > 0) {
                    printNotes(seen.snapshot());
                    throw new TcpdoctorException(ExitCode.BAD_INPUT,
                            "--by needs per-socket rows, but " + observer.describe() + " has totals only");
                }
            }
        }
        printNotes(seen.snapshot());
        new StatesView(seen.snapshot(), table).write(fmt, out());
        return 0;
    }
}
