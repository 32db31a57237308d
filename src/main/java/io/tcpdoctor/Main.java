package io.tcpdoctor;

import io.tcpdoctor.cli.Launcher;
import io.tcpdoctor.render.Output;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Entry point: sets up the output writers and runs the command line ({@link Launcher}); nothing depends on it. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Not System.out: a PrintStream swallows write errors, and a closed pipe or a full disk must stop the command.
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
                new Output(new FileOutputStream(FileDescriptor.out)), StandardCharsets.UTF_8), 1 << 16));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = execute(out, err, args);
        err.flush();
        System.exit(code);
    }

    /** Runs one command line with the given writers; returns the exit code. Used by main and by tests. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return Launcher.execute(out, err, args);
    }

    /** Convenience for tests: runs with the given streams. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8));
        return execute(o, e, args);
    }
}
