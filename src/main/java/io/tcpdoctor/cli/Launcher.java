package io.tcpdoctor.cli;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.render.Output;
import io.tcpdoctor.render.Terminal;
import java.io.PrintWriter;
import java.util.Arrays;

/**
 * Runs one command line: everyday {@code states}/{@code list} lines through the fast argument path, everything else
 * through the full command-line model ({@link TopCommand}). Errors become one line and a documented exit code.
 * The fast path must not touch picocli: loading it is most of the start-up time the fast path saves.
 */
public final class Launcher {
    private Launcher() {
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
            if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
                BuildInfo.lines().forEach(out::println);
                code = 0;
            } else if (args.length >= 1 && args.length <= 2 && args[0].equals("aot-training")) {
                code = new AotTrainingCommand(args.length == 2 ? args[1] : "fast").call();
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
}
