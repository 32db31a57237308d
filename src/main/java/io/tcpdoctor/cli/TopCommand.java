package io.tcpdoctor.cli;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.render.Terminal;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The full command-line model: every command, help, usage errors. */
@Command(name = "tcpdoctor", mixinStandardHelpOptions = true, versionProvider = BuildInfo.Provider.class,
        description = "Finds, explains and fixes TCP connection-state problems: TIME_WAIT, CLOSE_WAIT, SYN_RECV, "
                + "FIN_WAIT2 pile-ups and ephemeral-port exhaustion.",
        footer = {"", "Exit codes: 0 ok, 1 internal error, 2 usage error, 3 source unavailable or permission denied, "
                + "4 bad input. 'check' uses Nagios codes (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN); "
                + "'tune --check' adds 5 (warnings) and 6 (errors).",
                "Run 'tcpdoctor COMMAND --help' for a command's options."})
public final class TopCommand implements Runnable {
    static {
        // picocli's default factory looks up Groovy's Closure class once, unless told not to. Every class tcpdoctor
        // uses comes from the start-up cache, so that failed lookup alone made the JVM open and index the jar:
        // about 10 ms of every command that goes through picocli (explain time-wait took 100 ms).
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
        // picocli registers a converter for each java.sql and java.time type it knows by looking the class and its
        // factory method up by reflection, at every start; no option of tcpdoctor has such a type (java.nio.file.Path
        // stays). picocli's own switch leaves them out: 3-4 ms of CPU of every command that goes through picocli.
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", "java\\.(sql|time)\\..*");
        }
    }

    /**
     * Every command, in help order: adding a command is one line here. Only the command being run is
     * built, because building picocli's model of all of them costs start-up time.
     */
    static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("states", StatesCommand::new);
        m.put("list", ListCommand::new);
        m.put("diff", DiffCommand::new);
        m.put("diagnose", DiagnoseCommand::new);
        m.put("check", CheckCommand::new);
        m.put("tune", TuneCommand::new);
        m.put("explain", ExplainCommand::new);
        m.put("capacity", CapacityCommand::new);
        m.put("fleet", FleetCommand::new);
        m.put("lab", LabCommand::new);
        m.put("kill", KillCommand::new);
        m.put("serve", ServeCommand::new);
        m.put("watch", WatchCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        m.put("generate-completion", GenerateCompletionCommand::new);
        m.put("generate-man", GenerateManCommand::new);
        return m;
    }

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    /** Set by {@link #specs}. */
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "no command given");
    }

    /** Parses and runs a command line with picocli; errors go through {@code failure}. */
    public static int execute(PrintWriter out, PrintWriter err, String[] args, Failure failure) {
        String first = args.length > 0 ? args[0] : "";
        boolean one = COMMANDS.containsKey(first) && !first.equals("help");
        CommandSpecs generated = one ? CommandSpecs.generated() : null;
        CommandLine cl;
        if (generated != null) {
            // One command, from the model made at build time: no annotation is read (see CommandSpecs).
            CommandSpec top = generated.top(new TopCommand());
            CommandSpec command = generated.command(first, bound(COMMANDS.get(first).get(), out, err));
            top.addSubcommand(first, command);
            generated.standardOptions(command);
            cl = new CommandLine(top);
        } else {
            cl = new CommandLine(new TopCommand());
            if (one) {
                cl.addSubcommand(first, bound(COMMANDS.get(first).get(), out, err));
            } else {
                COMMANDS.forEach((name, make) -> cl.addSubcommand(name, bound(make.get(), out, err)));
            }
            standardOptions(cl);
        }
        specs(cl);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            if (NagiosUnknown.applies(args)) {
                // check keeps Nagios semantics even for a bad command line: one UNKNOWN line, exit 3.
                return failure.handle(new TcpdoctorException(ExitCode.USAGE, ex.getMessage()));
            }
            err.println("tcpdoctor: " + Terminal.field(ex.getMessage()));
            String name = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println("Try '" + name + " --help' for more information.");
            err.flush();
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> failure.handle(ex));
        return cl.execute(args);
    }

    /** Every command gets --help and --version without repeating it on each class. */
    static void standardOptions(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().mixinStandardHelpOptions(true).versionProvider(new BuildInfo.Provider());
        }
    }

    /**
     * Gives each command object its model, which picocli would inject into a field marked {@code @Spec}: each
     * annotation type the model reads makes the JDK generate a proxy class at start-up (3-5 ms each).
     */
    static void specs(CommandLine cl) {
        if (cl.getCommand() instanceof TopCommand t) {
            t.spec = cl.getCommandSpec();
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            // instanceof, not a pattern switch: its bootstrap costs a short command about 5 ms.
            Object command = sub.getCommand();
            if (command instanceof BaseCommand b) {
                b.spec = sub.getCommandSpec();
            } else if (command instanceof GenerateCompletionCommand g) {
                g.spec = sub.getCommandSpec();
            }
        }
    }

    /** Turns an exception into a message and an exit code. */
    @FunctionalInterface
    public interface Failure {
        int handle(Exception e);
    }

    private static Object bound(Object command, PrintWriter out, PrintWriter err) {
        if (command instanceof BaseCommand b) {
            b.bind(out, err);
        }
        return command;
    }
}
