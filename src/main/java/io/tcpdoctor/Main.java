package io.tcpdoctor;

import io.tcpdoctor.cli.CapacityCommand;
import io.tcpdoctor.cli.ExplainCommand;
import io.tcpdoctor.cli.ListCommand;
import io.tcpdoctor.cli.StatesCommand;
import io.tcpdoctor.cli.TuneCommand;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point: lists the commands and turns errors into one line and a documented exit code. */
@Command(name = "tcpdoctor", mixinStandardHelpOptions = true, version = "tcpdoctor 0.1.0",
        description = "Finds, explains and fixes TCP connection-state problems: TIME_WAIT, CLOSE_WAIT, SYN_RECV, "
                + "FIN_WAIT2 pile-ups and ephemeral-port exhaustion.",
        subcommands = {
                StatesCommand.class,
                ListCommand.class,
                TuneCommand.class,
                ExplainCommand.class,
                CapacityCommand.class,
                CommandLine.HelpCommand.class,
        },
        footer = {"", "Exit codes: 0 ok, 1 internal error, 2 usage error, 3 source unavailable or permission denied, "
                + "4 bad input ('check' uses Nagios codes 0-3).",
                "Run 'tcpdoctor COMMAND --help' for a command's options."})
public final class Main implements Runnable {
    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "no command given");
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
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("tcpdoctor: " + ex.getMessage());
            String name = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println("Try '" + name + " --help' for more information.");
            err.flush();
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
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
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("tcpdoctor: out of memory; raise the heap, e.g. TCPDOCTOR_JAVA_OPTS=-Xmx2g");
            code = ExitCode.INTERNAL;
        }
        out.flush();
        err.flush();
        return code;
    }

    /** Convenience for tests: runs with the given streams. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8));
        return execute(o, e, args);
    }
}
