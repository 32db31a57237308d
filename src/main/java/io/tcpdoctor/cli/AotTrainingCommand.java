package io.tcpdoctor.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Hidden: exercises the common paths once so the launcher can record a JDK AOT cache (faster start-up).
 * Reads only; prints nothing. Every class in a cache is loaded at each start, so there are three:
 * {@code aot-training small} trains {@code states} on a small table (counted from /proc, no native calls) and
 * {@code --version}, {@code aot-training} the fast path of {@code states} and {@code list} (netlink, owners,
 * captures), {@code aot-training full} the other commands, which go through the full command-line model; the
 * launcher picks the cache by the command (and for {@code states} by the size of the table).
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

    /** The other commands: the command-line model, the analysis, the explanations. */
    static final List<String[]> FULL_RUNS = List.of(
            new String[] {"--version"},
            new String[] {"explain", "time-wait"},
            new String[] {"explain", "close-wait", "--lang", "zh"},
            new String[] {"diagnose"},
            new String[] {"diagnose", "--format", "json"},
            new String[] {"check"},
            new String[] {"tune"},
            new String[] {"states", "--help"});

    private final String which;

    public AotTrainingCommand() {
        this("");
    }

    /** The training of the fast path, or with {@code small} or {@code full} that of those caches. */
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
        List<String[]> only = switch (which) {
            case "full" -> FULL_RUNS;
            case "small" -> SMALL_RUNS;
            default -> null;
        };
        if (only != null) {
            for (String[] run : only) {
                Launcher.execute(sink, sink, run);
            }
            return 0;
        }
        for (String[] run : RUNS) {
            Launcher.execute(sink, sink, run);
        }
        Path capture = Files.createTempFile("tcpdoctor-training", ".txt");
        try {
            Files.writeString(capture, CAPTURE);
            Launcher.execute(sink, sink, "states", "--input", capture.toString());
            Launcher.execute(sink, sink, "list", "--input", capture.toString(), "--state", "close-wait");
        } finally {
            Files.deleteIfExists(capture);
        }
        return 0;
    }
}
