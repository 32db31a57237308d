package io.tcpdoctor.cli;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.diagnose.Thresholds;
import io.tcpdoctor.query.GroupKey;
import io.tcpdoctor.watch.LiveWatchSource;
import io.tcpdoctor.watch.Watch;
import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tcpdoctor watch}: a live full-screen view of one host or namespace, or one line per refresh in a pipe. */
@Command(name = "watch", sortOptions = false,
        description = {"A live view of one host (or network namespace): sockets per state with change, rate and a "
                + "sparkline, the largest groups, the time to ephemeral-port exhaustion per busy destination, and the "
                + "current findings. Keys: b changes the grouping (peer, local-port, remote-port, process), q quits.",
                "When standard output is not a terminal (or with --plain) it prints one line per refresh instead, "
                        + "for logs: time, total and each state with its change and rate."},
        footer = {"", "Examples:",
                "  tcpdoctor watch",
                "  tcpdoctor watch -N blue --interval 500ms --by process",
                "  tcpdoctor watch --interval 5s >> /var/log/tcp-states.log",
                "  tcpdoctor watch --count 3 | head -3"})
public class WatchCommand extends BaseCommand {
    /** Refreshes faster than this cost more than they show. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_INTERVAL = Duration.ofMinutes(10);

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s",
            description = "Time between refreshes, e.g. 1s, 500ms, 2s (a bare number is seconds; 100ms to 10m). Default: ${DEFAULT-VALUE}.")
    String interval = "1s";

    @Option(names = "--by", paramLabel = "KEY", defaultValue = "peer",
            description = "Group the top table by peer, local-port, remote-port or process (b cycles). Default: ${DEFAULT-VALUE}.")
    String by = "peer";

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
            description = "Stop after N refreshes (0 = until q, Ctrl-C or the reader of the pipe goes away).")
    long count;

    @Option(names = "--plain", description = "One line per refresh even on a terminal.")
    boolean plain;

    @Option(names = {"-N", "--netns"}, paramLabel = "NAME",
            description = "Watch this named network namespace (as listed by 'ip netns list'), like ss -N. Needs root.")
    String netns;

    @Option(names = "--source", paramLabel = "KIND",
            description = "Live source: auto (netlink sock_diag, falling back to /proc/net/tcp), netlink or proc. Default: auto.")
    String source;

    @Mixin
    LanguageOption language = new LanguageOption();

    @Override
    public Integer call() {
        if (format() != io.tcpdoctor.render.Format.TEXT) {
            throw new TcpdoctorException(ExitCode.USAGE, "watch draws a screen or prints text lines (--plain); "
                    + "for JSON or CSV run 'tcpdoctor states' or 'tcpdoctor diagnose' in a loop");
        }
        Duration every = Durations.parse("--interval", interval, MIN_INTERVAL, MAX_INTERVAL);
        GroupKey key = usage(() -> parseBy(by));
        if (count < 0) {
            throw new TcpdoctorException(ExitCode.USAGE, "--count must be 0 or more");
        }
        LiveSnapshots.Kind kind = usage(() -> LiveSnapshots.Kind.parse(source == null ? "auto" : source));
        LiveWatchSource src = new LiveWatchSource(kind, netns, Thresholds.DEFAULTS, language.messages());
        Watch watch = new Watch(src, new Watch.Options(every, key, count, Watch.DEFAULT_BUDGET));
        try (src) {
            var console = System.console();
            if (!plain && console != null && console.isTerminal()) {
                watch.fullScreen();
            } else {
                watch.lines(out(), () -> out().checkError() || System.out.checkError());
            }
        } catch (IOException e) {
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "terminal: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static GroupKey parseBy(String text) {
        GroupKey k = GroupKey.parse(text);
        if (!Watch.BY_KEYS.contains(k)) {
            throw new IllegalArgumentException("--by " + text + ": watch groups by peer, local-port, remote-port or process");
        }
        return k;
    }
}
