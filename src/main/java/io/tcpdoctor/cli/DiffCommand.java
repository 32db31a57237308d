package io.tcpdoctor.cli;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.capture.CaptureFormat;
import io.tcpdoctor.capture.CaptureSnapshots;
import io.tcpdoctor.capture.Skips;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.observe.HostFacts;
import io.tcpdoctor.observe.Needs;
import io.tcpdoctor.observe.Observation;
import io.tcpdoctor.observe.Observer;
import io.tcpdoctor.query.GroupKey;
import io.tcpdoctor.model.SocketFilter;
import io.tcpdoctor.render.DiffView;
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
                "  tcpdoctor diff before.txt live -N blue      # live inside namespace blue",
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

    @Option(names = {"-N", "--netns"}, paramLabel = "NAME",
            description = "Read 'live' inside this named network namespace (as listed by 'ip netns list'). Needs root.")
    String netns;

    @Mixin
    FilterOptions filters;

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
        if (netns != null && !before.equalsIgnoreCase("live") && !after.equalsIgnoreCase("live")) {
            throw new TcpdoctorException(ExitCode.USAGE, "-N/--netns names the namespace 'live' reads; neither side is 'live'");
        }
        var fmt = format();
        Needs needs = new Needs(key != null, key != null && key.needsOwners(), false, false);
        Observation a = observe(before, forced, needs, filter);
        Observation b = observe(after, forced, needs, filter);
        notes(a.snapshot());
        notes(b.snapshot());
        if (key != null && (!a.snapshot().hasRecords() || !b.snapshot().hasRecords())) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, "--by needs per-socket rows, but "
                    + (a.snapshot().hasRecords() ? b.source() : a.source()) + " has totals only");
        }
        DiffView.of(a.snapshot(), b.snapshot(), key, top).write(fmt, out());
        return 0;
    }

    private Observation observe(String what, CaptureFormat forced, Needs needs, SocketFilter filter) {
        if (what.equalsIgnoreCase("live")) {
            if (forced != null || strict) {
                throw new TcpdoctorException(ExitCode.USAGE, "--input-format and --strict apply to capture files, not 'live'");
            }
            try (Observer o = Observer.live(netns, needs)) {
                return o.observe(filter);
            }
        }
        try (Observer o = Observer.capture(new CaptureSnapshots(what, forced, strict), HostFacts.none(), needs)) {
            return o.observe(filter);
        }
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

}
