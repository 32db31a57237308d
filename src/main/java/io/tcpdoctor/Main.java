package io.tcpdoctor;

import io.tcpdoctor.cli.AotTrainingCommand;
import io.tcpdoctor.cli.BaseCommand;
import io.tcpdoctor.cli.BuildInfo;
import io.tcpdoctor.cli.QuickArgs;
import io.tcpdoctor.cli.TopCommand;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Entry point. Everyday {@code states}/{@code list} lines run through a fast argument path; everything else
 * through the full command-line model ({@link TopCommand}). Errors become one line and a documented exit code.
 * This class must not touch picocli: loading it is most of the start-up time the fast path saves.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = execute(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line with the given writers; returns the exit code. Used by main and by tests. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        int code;
        try {
            if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
                BuildInfo.lines().forEach(out::println);
                code = 0;
            } else if (args.length == 1 && args[0].equals("aot-training")) {
                code = new AotTrainingCommand().call();
            } else {
                BaseCommand quick = QuickArgs.parse(args);
                code = quick != null ? quick.bind(out, err).call() : TopCommand.execute(out, err, args, e -> failure(e, out, err, debug));
            }
        } catch (Exception e) {
            code = failure(e, out, err, debug);
        } catch (OutOfMemoryError e) {
            err.println("tcpdoctor: out of memory; raise the heap, e.g. TCPDOCTOR_JAVA_OPTS=-Xmx2g");
            code = ExitCode.INTERNAL;
        }
        out.flush();
        err.flush();
        return code;
    }

    /** One line on stderr for a failed command (a stack trace only with --debug); returns the exit code. */
    static int failure(Exception ex, PrintWriter out, PrintWriter err, boolean debug) {
        out.flush();
        if (ex instanceof TcpdoctorException te) {
            err.println("tcpdoctor: " + te.getMessage());
            if (debug) {
                te.printStackTrace(err);
            }
            err.flush();
            return te.exitCode();
        }
        err.println("tcpdoctor: internal error: " + ex + (debug ? "" : " (rerun with --debug for details)"));
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCode.INTERNAL;
    }

    /** Convenience for tests: runs with the given streams. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8));
        return execute(o, e, args);
    }
}
