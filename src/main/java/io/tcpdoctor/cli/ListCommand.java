package io.tcpdoctor.cli;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.model.SocketFilter;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.observe.Needs;
import io.tcpdoctor.observe.Observation;
import io.tcpdoctor.observe.Observer;
import io.tcpdoctor.render.SocketRows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tcpdoctor list}: one row per socket, like {@code netstat -antp} or {@code ss -tanp}. */
@Command(name = "list", sortOptions = false,
        description = {"List TCP sockets, one per row, like netstat -antp / ss -tanop.",
                "TIME_WAIT and SYN_RECV sockets have no owner: the kernel keeps no process for them."},
        footer = {"", "Examples:",
                "  tcpdoctor list --state close-wait -p",
                "  tcpdoctor list --dport 3306 --state time-wait --format csv",
                "  tcpdoctor list -p --process java --format json"})
public class ListCommand extends BaseCommand {
    @Option(names = {"-p", "--processes"}, description = "Show the owning process (pid and name), like netstat -p.")
    boolean processes;

    @Mixin
    FilterOptions filters = new FilterOptions();

    @Mixin
    SourceOptions source = new SourceOptions();

    @Override
    public Integer call() {
        SocketFilter filter = usage(filters::toFilter);
        var fmt = format();
        // Rows go to the output as they are read: a capture of any size lists in the memory of one row.
        SocketRows rows = SocketRows.of(fmt, out(), processes || filter.needsOwners());
        try (Observer observer = source.observer(processes ? Needs.RECORDS.withOwners() : Needs.RECORDS)) {
            Observation seen;
            try {
                seen = observer.observe(filter, rows::row);
            } catch (RuntimeException e) {
                // The rows before a damaged line still show, as they would have without the renderer's buffer.
                flushQuietly(rows);
                throw e;
            }
            if (rows.count() == 0 && seen.snapshot().counts().total() > 0) {
                printNotes(seen.snapshot());
                throw new TcpdoctorException(ExitCode.BAD_INPUT,
                        "list needs per-socket rows, but " + observer.describe() + " has totals only; use 'states'");
            }
            rows.end();
            printNotes(seen.snapshot());
        }
        return 0;
    }

    private static void flushQuietly(SocketRows rows) {
        try {
            rows.flush();
        } catch (RuntimeException e) {
            // Standard output failed as well: the first error is the one to report.
        }
    }

    /** Timer text: {@code kind:seconds} such as {@code timewait:42.1s}, or {@code -} when none. */
    static String timer(SocketRecord r) {
        return SocketRows.timer(r);
    }
}
