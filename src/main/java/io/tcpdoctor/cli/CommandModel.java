package io.tcpdoctor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The complete picocli model of every visible command, for the generators of man pages and completion. */
final class CommandModel {
    private CommandModel() {
    }

    /** Builds the model the way {@link TopCommand#execute} does when it builds all commands. */
    static CommandLine full() {
        CommandLine cl = new CommandLine(new TopCommand());
        TopCommand.COMMANDS.forEach((name, make) -> cl.addSubcommand(name, make.get()));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        TopCommand.specs(cl);
        TopCommand.standardOptions(cl);
        return cl;
    }

    /** True for commands users see (not the hidden ones, not picocli's help). */
    static boolean documented(CommandSpec spec) {
        return !spec.usageMessage().hidden() && !(spec.userObject() instanceof CommandLine.HelpCommand);
    }
}
