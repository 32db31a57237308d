package io.tcpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The model made at build time ({@link CommandSpecs}) is the model picocli reads from the annotations: same options
 * in the same order with the same attributes, same positional parameters, same help text, for every command.
 */
class CommandSpecsTest {
    static List<String> commands() {
        return TopCommand.COMMANDS.keySet().stream().filter(n -> !n.equals("help")).toList();
    }

    @Test
    void theBuildMadeTheModel() {
        // Without it every command would quietly fall back to reading annotations at each start.
        assertThat(CommandSpecs.generated()).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void noOptionHasATypeWhoseConverterIsLeftOut(String name) {
        // TopCommand tells picocli not to register its reflective converters for java.sql and java.time types.
        new TopCommand();
        String excluded = System.getProperty("picocli.converters.excludes");
        assertThat(excluded).isNotBlank();
        CommandSpec spec = CommandModel.full().getSubcommands().get(name).getCommandSpec();
        List<ArgSpec> args = new ArrayList<>(spec.args());
        assertThat(args).isNotEmpty();
        for (ArgSpec a : args) {
            List<Class<?>> types = new ArrayList<>(List.of(a.type()));
            types.addAll(Arrays.asList(a.auxiliaryTypes()));
            for (Class<?> t : types) {
                assertThat(t.getName().matches(excluded)).as(name + " " + a + ": " + t.getName()).isFalse();
            }
        }
        assertThat("java.time.Duration".matches(excluded)).isTrue();
        assertThat("java.nio.file.Path".matches(excluded)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void sameModelAsTheAnnotations(String name) {
        CommandLine annotated = CommandModel.full().getSubcommands().get(name);
        CommandSpecs generated = CommandSpecs.generated();
        CommandSpec top = generated.top(new TopCommand());
        CommandSpec command = generated.command(name, TopCommand.COMMANDS.get(name).get());
        top.addSubcommand(name, command);
        generated.standardOptions(command);
        CommandLine cl = new CommandLine(top);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        CommandLine made = cl.getSubcommands().get(name);

        CommandSpec a = annotated.getCommandSpec();
        CommandSpec g = made.getCommandSpec();
        assertThat(describe(g)).isEqualTo(describe(a));
        assertThat(g.options()).hasSameSizeAs(a.options()).isNotEmpty();
        for (int i = 0; i < a.options().size(); i++) {
            assertThat(describe(g.options().get(i))).isEqualTo(describe(a.options().get(i)));
        }
        assertThat(g.positionalParameters()).hasSameSizeAs(a.positionalParameters());
        for (int i = 0; i < a.positionalParameters().size(); i++) {
            assertThat(describe(g.positionalParameters().get(i))).isEqualTo(describe(a.positionalParameters().get(i)));
        }
        assertThat(made.getUsageMessage(CommandLine.Help.Ansi.OFF)).isEqualTo(annotated.getUsageMessage(CommandLine.Help.Ansi.OFF));
        // The top command: --debug (inherited by every command), --help, --version.
        CommandSpec at = CommandModel.full().getCommandSpec();
        assertThat(top.options().stream().map(CommandSpecsTest::describe).toList())
                .isEqualTo(at.options().stream().map(CommandSpecsTest::describe).toList());
        assertThat(describe(top)).isEqualTo(describe(at));
    }

    private static String describe(CommandSpec s) {
        var u = s.usageMessage();
        return String.join("|", s.name(), Arrays.toString(u.description()), Arrays.toString(u.footer()),
                String.valueOf(u.hidden()), String.valueOf(u.sortOptions()), String.valueOf(u.header().length),
                s.versionProvider() == null ? "-" : s.versionProvider().getClass().getName(),
                Arrays.toString(s.version()), String.valueOf(s.aliases().length));
    }

    private static String describe(ArgSpec s) {
        List<String> d = new ArrayList<>(List.of(
                s instanceof OptionSpec o ? Arrays.toString(o.names()) + " negatable=" + o.negatable() + " usage=" + o.usageHelp()
                        + " version=" + o.versionHelp() + " help=" + o.help() + " order=" + o.order()
                        + " fallback=" + o.fallbackValue() : "index=" + ((PositionalParamSpec) s).index(),
                "arity=" + s.arity(), "label=" + s.paramLabel(), "type=" + s.type().getName(),
                "aux=" + Arrays.stream(s.auxiliaryTypes()).map(Class::getName).toList(),
                "default=" + s.defaultValue(), "required=" + s.required(), "hidden=" + s.hidden(),
                "inherited=" + s.inherited(), "scope=" + s.scopeType(), "split=" + s.splitRegex(),
                "description=" + Arrays.toString(s.description()), "key=" + s.descriptionKey(),
                "interactive=" + s.interactive(), "showDefault=" + s.showDefaultValue(),
                "hideSyntax=" + s.hideParamSyntax(), "converters=" + s.converters().length,
                "initial=" + s.hasInitialValue() + ":" + s.initialValue(),
                "candidates=" + (s.completionCandidates() == null ? "-"
                        : StreamSupport.stream(s.completionCandidates().spliterator(), false).toList())));
        return String.join(" ", d);
    }
}
