package io.tcpdoctor.cli;

import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.collect.OwnerScanner;
import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Hidden: exercises the common paths once so the launcher can record a JDK AOT cache (faster start-up).
 * Changes nothing (it holds a few loopback sockets of its own while it runs, see {@link TrainingSockets}, and writes
 * two small captures to temporary files); prints nothing. Every class in a cache is loaded at each start, so a
 * command starts fastest from a cache that holds what it uses and little else; but a class its cache lacks is read
 * from the jar, and opening the jar costs a short command about 20 ms. There are five caches: {@code aot-training small} trains {@code states}
 * on a small table (counted from /proc, no native calls) and {@code --version}; {@code aot-training live} the
 * plain live {@code list} and {@code list -p} (netlink, owners, text rows, the filters) and {@code states} on a
 * large table; {@code aot-training fast} the rest of the fast path of {@code states} and {@code list} (JSON and CSV,
 * captures, {@code --by}); {@code aot-training explain} {@code explain}; {@code aot-training full} the other commands
 * (the full command-line model, the analysis, the help pages, captures). The launcher picks the cache by the
 * command line (and for {@code states} by the size of the table); a wrong pick only costs time.
 */
@Command(name = "aot-training", hidden = true, description = "Record the start-up cache (used by the launcher).")
public class AotTrainingCommand implements Callable<Integer> {
    static final List<String[]> RUNS = List.of(
            new String[] {"states"},
            new String[] {"states", "--format", "json"},
            new String[] {"states", "--by", "process", "--state", "established"},
            new String[] {"list", "-p"},
            new String[] {"list", "--state", "listen", "--format", "csv"},
            new String[] {"list", "--format", "json"},
            new String[] {"states", "--source", "proc"});

    /**
     * The fast path's capture reading: {@code {netstat}} and {@code {ss}} stand for two small captures, {@code {big}}
     * for a netstat capture large enough (over 64 KB) for the byte counter of big captures.
     */
    static final List<String[]> CAPTURE_RUNS = List.of(
            new String[] {"states", "--input", "{netstat}"},
            new String[] {"states", "--input", "{big}"},
            new String[] {"list", "--input", "{netstat}", "--state", "close-wait"},
            new String[] {"states", "--input", "{ss}"},
            new String[] {"list", "--input", "{ss}", "--format", "json"});

    /** A count of a small table, which reads /proc and makes no native call, and the version. */
    static final List<String[]> SMALL_RUNS = List.of(
            new String[] {"states"},
            new String[] {"states", "--state", "time-wait"},
            new String[] {"states", "--source", "proc"},
            new String[] {"--version"});

    /** Plain live rows and a count of a large table: netlink, the owner scan, the filters, text. */
    static final List<String[]> LIVE_RUNS = List.of(
            new String[] {"list"},
            new String[] {"list", "-p"},
            new String[] {"list", "-p", "--state", "established,listen", "--sport", ">=1", "--dst", "127.0.0.0/8",
                    "--process", "java"},
            new String[] {"list", "--state", "time-wait", "--dport", "1-65535", "--src", "::/0", "-6"},
            new String[] {"states"},
            new String[] {"states", "--source", "netlink"},
            new String[] {"states", "--source", "netlink", "--state", "time-wait", "-4"});

    /** The explanations, in both languages (the help pages' renderer would make this cache a fifth bigger). */
    static final List<String[]> EXPLAIN_RUNS = List.of(
            new String[] {"explain", "time-wait"},
            new String[] {"explain", "close-wait", "--lang", "zh"},
            // A sysctl knob (its value on this host: read only) and an unknown topic (the usage error).
            new String[] {"explain", "tcp_fin_timeout"},
            new String[] {"explain", "no-such-topic"},
            new String[] {"explain"});

    /** The other commands: the command-line model, the analysis. */
    static final List<String[]> FULL_RUNS = List.of(
            new String[] {"--version"},
            new String[] {"diagnose"},
            new String[] {"diagnose", "--format", "json"},
            new String[] {"check"},
            // A WARNING, from the training's own CLOSE_WAIT and FIN_WAIT2: the findings and their actions.
            new String[] {"check", "--close-wait", "1", "--fin-wait2", "1"},
            new String[] {"tune"},
            new String[] {"--help"},
            new String[] {"states", "--help"});

    /**
     * The paths of a small, quiet table (counted or read from /proc, the owners read with the JDK's calls) in each
     * cache that serves them, run before the training's own sockets and as on such a table whatever the host holds
     * ({@link LiveSnapshots#asIfSmallAndQuiet}): a cache is recorded wherever tcpdoctor first runs, often a busy
     * host, and serves that host's quiet namespaces too. The small cache's runs all take these paths.
     */
    static final Map<String, List<String[]>> QUIET_RUNS = Map.of(
            "live", List.<String[]>of(new String[] {"list", "-p"}),
            "fast", List.of(new String[] {"states", "--format", "json"},
                    new String[] {"states", "--by", "process", "--state", "established"}),
            "full", List.<String[]>of(new String[] {"diagnose"}));

    /**
     * The other commands on captures; {@code {sysctl}} stands for a host's port range and tcp_tw_reuse, with which
     * the capture's outgoing TIME_WAIT is weighed against the ports as a live table's is (a finding from one socket);
     * {@code {notes}} for a text file that is no capture.
     */
    static final List<String[]> FULL_CAPTURE_RUNS = List.of(
            new String[] {"diagnose", "--input", "{ss}", "--sysctl", "{sysctl}", "--time-wait", "1"},
            // The common case: a capture alone, whose port facts are assumed from the kernel's defaults.
            new String[] {"diagnose", "--input", "{netstat}"},
            // A file that is no capture (its one-line error).
            new String[] {"diagnose", "--input", "{notes}"},
            new String[] {"check", "--input", "{netstat}"},
            new String[] {"diff", "{netstat}", "{big}"});

    private final String which;

    public AotTrainingCommand() {
        this("fast");
    }

    /** The training of one cache: {@code small}, {@code live}, {@code fast}, {@code explain} or {@code full}. */
    public AotTrainingCommand(String which) {
        this.which = which;
    }

    /** A few rows of {@code netstat -antp} and of {@code ss -tan}, so that reading a capture is trained too. */
    private static final String NETSTAT = """
            Active Internet connections (servers and established)
            Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name
            tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      812/sshd
            tcp        0      0 10.0.0.5:41200          10.0.0.9:3306           TIME_WAIT   -
            tcp        1      0 10.0.0.5:41202          10.0.0.9:8080           CLOSE_WAIT  2231/java
            tcp6       0      0 :::80                   :::*                    LISTEN      901/nginx
            """;
    private static final String SS = """
            State      Recv-Q Send-Q    Local Address:Port     Peer Address:Port Process
            LISTEN     0      4096            0.0.0.0:8080          0.0.0.0:*
            ESTAB      0      0              10.0.0.5:8080         10.0.0.7:51822
            TIME-WAIT  0      0              10.0.0.5:41200        10.0.0.9:3306
            CLOSE-WAIT 1      0              10.0.0.5:41202        10.0.0.9:8080
            FIN-WAIT-2 0      0      [2001:db8::5]:443      [2001:db8::7]:60114
            """;
    private static final String SYSCTL = """
            net.ipv4.ip_local_port_range = 32768	60999
            net.ipv4.tcp_tw_reuse = 2
            """;
    /** Rows of the big capture. */
    private static final int BIG_ROWS = 1_000;

    @Override
    public Integer call() throws IOException {
        PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream());
        List<String[]> runs = switch (which) {
            case "small" -> SMALL_RUNS;
            case "live" -> LIVE_RUNS;
            case "fast" -> RUNS;
            case "explain" -> EXPLAIN_RUNS;
            case "full" -> FULL_RUNS;
            default -> throw new TcpdoctorException(ExitCode.USAGE,
                    "aot-training: unknown cache '" + which + "'; valid: small, live, fast, explain, full");
        };
        if (runs == SMALL_RUNS || runs == EXPLAIN_RUNS) {
            // The small cache's runs all take a small, quiet table's paths; explain reads no table.
            LiveSnapshots.asIfSmallAndQuiet(() -> train(runs, sink));
            return 0;
        }
        LiveSnapshots.asIfSmallAndQuiet(() -> train(QUIET_RUNS.get(which), sink));
        // The commands that dump the table meet the training's own sockets, whatever the host holds.
        try (TrainingSockets sockets = TrainingSockets.open()) {
            train(runs, sink);
            trainNativeOwnerScan();
        }
        if (runs == RUNS) {
            readCaptures(CAPTURE_RUNS, sink);
        } else if (runs == FULL_RUNS) {
            readCaptures(FULL_CAPTURE_RUNS, sink);
        }
        return 0;
    }

    private static void train(List<String[]> runs, PrintWriter sink) {
        for (String[] run : runs) {
            Launcher.execute(sink, sink, run);
        }
    }

    /**
     * The owner scan of a busy namespace: its processes hold more descriptors than the JDK's file calls read quickly,
     * so they are read with native calls ({@link OwnerScanner#start} with {@code mayBeFew} false), a path the
     * commands above never take where the training runs on a quiet host (its own few sockets). Without it
     * {@code list -p}, {@code states --by process} and {@code diagnose} on a busy host read the native reader's
     * classes from the jar.
     */
    private static void trainNativeOwnerScan() {
        new OwnerScanner().start(OwnerScanner.namespaceKey(null), false).finish(new long[0]);
    }

    /** Runs commands on the captures, written to temporary files for the while. */
    private static void readCaptures(List<String[]> runs, PrintWriter sink) throws IOException {
        StringBuilder big = new StringBuilder(NETSTAT.length() + BIG_ROWS * 100).append(NETSTAT);
        for (int i = 0; i < BIG_ROWS; i++) {
            big.append(String.format("tcp        0      0 10.0.0.5:%-16d 10.0.%d.%d:443         %-11s -%n",
                    32768 + i, i / 250, i % 250 + 1, i % 3 == 0 ? "TIME_WAIT" : "ESTABLISHED"));
        }
        Map<String, String> texts = Map.of("{netstat}", NETSTAT, "{ss}", SS, "{big}", big.toString(), "{sysctl}", SYSCTL,
                "{notes}", "restarted nginx at 10:02\nload fell\n");
        Map<String, Path> files = new HashMap<>();
        try {
            for (var t : texts.entrySet()) {
                files.put(t.getKey(), Files.writeString(Files.createTempFile("tcpdoctor-training", ".txt"), t.getValue()));
            }
            for (String[] run : runs) {
                String[] args = run.clone();
                for (int i = 0; i < args.length; i++) {
                    Path file = files.get(args[i]);
                    args[i] = file != null ? file.toString() : args[i];
                }
                Launcher.execute(sink, sink, args);
            }
        } finally {
            for (Path file : files.values()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
