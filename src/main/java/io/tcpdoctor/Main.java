package io.tcpdoctor;

import io.tcpdoctor.cli.AotTrainingCommand;
import io.tcpdoctor.cli.BaseCommand;
import io.tcpdoctor.cli.NagiosUnknown;
import io.tcpdoctor.cli.QuickArgs;
import io.tcpdoctor.cli.TopCommand;
import io.tcpdoctor.render.Output;
import io.tcpdoctor.render.Terminal;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
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
        // Not System.out: a PrintStream swallows write errors, and a closed pipe or a full disk must stop the command.
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
                new Output(new FileOutputStream(FileDescriptor.out)), StandardCharsets.UTF_8), 1 << 16));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = execute(out, err, args);
        err.flush();
        System.exit(code);
    }

    /** Runs one command line with the given writers; returns the exit code. Used by main and by tests. */
    public static int execute(PrintWriter rawOut, PrintWriter rawErr, String... args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        boolean nagios = NagiosUnknown.applies(args);
        // Every byte of text goes through the terminal filter: no control character from a process name, a
        // capture or a file name reaches the terminal raw.
        PrintWriter out = Terminal.protect(rawOut);
        PrintWriter err = Terminal.protect(rawErr);
        int code;
        try {
            if (args.length == 1 && args[0].equals("aot-training")) {
                code = new AotTrainingCommand().call();
            } else {
                BaseCommand quick = QuickArgs.parse(args);
                code = quick != null ? quick.bind(out, err).call()
                        : TopCommand.execute(out, err, args, e -> failure(e, out, err, debug, args));
            }
            out.flush();
        } catch (Exception e) {
            code = failure(e, out, err, debug, args);
        } catch (OutOfMemoryError e) {
            String why = "out of memory; raise the heap, e.g. TCPDOCTOR_JAVA_OPTS=-Xmx2g";
            code = nagios ? unknown(out, err, args, why) : ExitCode.INTERNAL;
            if (!nagios) {
                err.println("tcpdoctor: " + why);
            }
        }
        err.flush();
        return code;
    }

    /** check's single UNKNOWN answer; a failed write of it is only reported on stderr. */
    private static int unknown(PrintWriter out, PrintWriter err, String[] args, String why) {
        try {
            return NagiosUnknown.report(out, args, why);
        } catch (Output.Failure f) {
            err.println("tcpdoctor: cannot write to standard output: " + f.getMessage());
            return NagiosUnknown.CODE;
        }
    }

    /** One line on stderr for a failed command (a stack trace only with --debug); returns the exit code. */
    static int failure(Exception ex, PrintWriter out, PrintWriter err, boolean debug, String[] args) {
        if (ex instanceof Output.Failure f) {
            // The reader went away (list | head): end quietly with the status of a process killed by SIGPIPE.
            if (f.closedPipe()) {
                return Output.CLOSED_PIPE_EXIT;
            }
            if (!f.report()) {
                return NagiosUnknown.applies(args) ? NagiosUnknown.CODE : ExitCode.INTERNAL;
            }
            err.println("tcpdoctor: cannot write to standard output: " + Terminal.field(f.getMessage()));
            err.flush();
            return NagiosUnknown.applies(args) ? NagiosUnknown.CODE : ExitCode.INTERNAL;
        }
        try {
            out.flush();
        } catch (Output.Failure f) {
            return failure(f, out, err, debug, args);
        }
        if (NagiosUnknown.applies(args)) {
            if (debug) {
                ex.printStackTrace(err);
            }
            return unknown(out, err, args, ex instanceof TcpdoctorException te ? te.getMessage()
                    : "internal error: " + ex);
        }
        if (ex instanceof TcpdoctorException te) {
            err.println("tcpdoctor: " + Terminal.field(te.getMessage()));
            if (debug) {
                te.printStackTrace(err);
            }
            err.flush();
            return te.exitCode();
        }
        err.println("tcpdoctor: internal error: " + Terminal.field(String.valueOf(ex)) + (debug ? "" : " (rerun with --debug for details)"));
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
