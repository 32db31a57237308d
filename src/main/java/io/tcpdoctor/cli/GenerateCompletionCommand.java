package io.tcpdoctor.cli;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Hidden: prints the shell completion script (used by the packaging script). */
@Command(name = "generate-completion", hidden = true,
        description = "Print the completion script for bash, or for zsh (a #compdef file using bashcompinit).")
public class GenerateCompletionCommand implements Callable<Integer> {
    @Option(names = "--shell", paramLabel = "SHELL", defaultValue = "bash", description = "bash or zsh. Default: ${DEFAULT-VALUE}.")
    String shell;

    /** Set by {@link TopCommand#specs}. */
    CommandSpec spec;

    @Override
    public Integer call() {
        String bash = CompletionScript.bash();
        String text = switch (shell) {
            case "bash" -> bash;
            case "zsh" -> CompletionScript.zsh(bash);
            default -> throw new TcpdoctorException(ExitCode.USAGE, "unknown shell '" + shell + "'; valid: bash, zsh");
        };
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
