package io.tcpdoctor.cli;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Hidden: exercises the common paths once so the launcher can record a JDK AOT cache (faster start-up).
 * Reads only; prints nothing. Every class in a cache is loaded at each start, so a command starts fastest from a
 * cache that holds what it uses and little else; there are five: {@code aot-training small} trains {@code states}
 * on a small table (counted from /proc, no native calls) and {@code --version}; {@code aot-training live} the
 * plain live {@code list} and {@code list -p} (netlink, owners, text rows, the filters) and {@code states} on a
 * large table; {@code aot-training fast} the rest of the fast path of {@code states} and {@code list} (JSON and CSV,
 * captures, {@code --by}); {@code aot-training explain} {@code explain}; {@code aot-training full} the other commands
 * (the full command-line model, the analysis, the help pages). The launcher picks the cache by the
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
            new String[] {"states", "--source", "proc"});

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
            new String[] {"explain"});

    /** The other commands: the command-line model, the analysis. */
    static final List<String[]> FULL_RUNS = List.of(
            new String[] {"--version"},
            new String[] {"diagnose"},
            new String[] {"diagnose", "--format", "json"},
            new String[] {"check"},
            new String[] {"tune"},
            new String[] {"states", "--help"});

    private final String which;

    public AotTrainingCommand() {
        this("fast");
    }

    /** The training of one cache: {@code small}, {@code live}, {@code fast}, {@code explain} or {@code full}. */
    public AotTrainingCommand(String which) {
        this.which = which;
    }

    /** A few rows of {@code netstat -antp}, so that reading a capture is trained too. */
    private static final String CAPTURE = """
            Active Internet connections (servers and established)
            Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name
            tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      812/sshd
            tcp        0      0 10.0.0.5:41200          10.0.0.9:3306           TIME_WAIT   -
            tcp        1      0 10.0.0.5:41202          10.0.0.9:8080           CLOSE_WAIT  2231/java
            tcp6       0      0 :::80                   :::*                    LISTEN      901/nginx
            """;

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
            train(runs, sink);
            return 0;
        }
        // The commands that dump the table meet the training's own sockets, whatever the host holds.
        try (TrainingSockets sockets = TrainingSockets.open()) {
            train(runs, sink);
        }
        if (runs == RUNS) {
            readCapture(sink);
        }
        return 0;
    }

    private static void train(List<String[]> runs, PrintWriter sink) {
        for (String[] run : runs) {
            Launcher.execute(sink, sink, run);
        }
    }

    /** The fast path's capture reading, on a few rows written to a temporary file. */
    private static void readCapture(PrintWriter sink) throws IOException {
        Path capture = Files.createTempFile("tcpdoctor-training", ".txt");
        try {
            Files.writeString(capture, CAPTURE);
            Launcher.execute(sink, sink, "states", "--input", capture.toString());
            Launcher.execute(sink, sink, "list", "--input", capture.toString(), "--state", "close-wait");
        } finally {
            Files.deleteIfExists(capture);
        }
    }
}
