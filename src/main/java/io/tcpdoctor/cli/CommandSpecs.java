package io.tcpdoctor.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * The command-line model of one command, built by plain calls instead of from the annotations. The build writes and
 * compiles it ({@code GeneratedCommandSpecs}, by {@code scripts/CommandSpecsToJava.java}) from the model picocli reads
 * from the annotations, which stay the one place options are declared. Reading annotations makes the JDK generate a
 * proxy class for every annotation type at each start (about 40 ms of a short command); these calls make none.
 * A test proves both models the same, option by option and in their help texts.
 */
public interface CommandSpecs {

    /** The top command's model ({@code tcpdoctor}: --debug, --help, --version), without subcommands. */
    CommandSpec top(TopCommand top);

    /** Adds --help and --version to a command that has joined the top one (after its inherited --debug). */
    void standardOptions(CommandSpec command);

    /** The model of one command object (its options and mixins bound to its fields); null for a name it lacks. */
    CommandSpec command(String name, Object command);

    /** The generated model, or null when this build has none (then picocli reads the annotations). */
    static CommandSpecs generated() {
        try {
            Class.forName("io.tcpdoctor.cli.GeneratedCommandSpecs", true, CommandSpecs.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
        return Holder.instance;
    }

    /** Where the generated class puts its instance when it is initialised. */
    final class Holder {
        private Holder() {
        }

        static volatile CommandSpecs instance;

        /** Called once by the generated class. */
        public static void register(CommandSpecs specs) {
            instance = specs;
        }
    }
}
