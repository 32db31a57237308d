package io.tcpdoctor.cli;

import io.tcpdoctor.Main;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Hidden: exercises the common paths once so the launcher can record a JDK AOT cache (faster start-up).
 * Reads only; prints nothing. Every class in the cache is loaded at each start, so it trains only what most
 * runs need.
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

    @Override
    public Integer call() {
        PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream());
        for (String[] run : RUNS) {
            Main.execute(sink, sink, run);
        }
        return 0;
    }
}
