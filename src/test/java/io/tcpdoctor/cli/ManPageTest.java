package io.tcpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.testing.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The man pages written from the command model, rendered by groff and man-db. */
class ManPageTest {
    @TempDir
    static Path dir;

    static List<ManPage> pages;

    @BeforeAll
    static void write() throws Exception {
        pages = ManPage.all();
        for (ManPage p : pages) {
            Files.writeString(dir.resolve(p.fileName()), p.troff());
        }
    }

    @Test
    void onePagePerVisibleCommand() {
        List<String> expected = new java.util.ArrayList<>(List.of("tcpdoctor.1"));
        CommandModel.full().getSubcommands().values().stream().map(CommandLine::getCommandSpec)
                .filter(CommandModel::documented).forEach(s -> expected.add("tcpdoctor-" + s.name() + ".1"));
        assertThat(pages).extracting(ManPage::fileName).containsExactlyElementsOf(expected)
                .contains("tcpdoctor-states.1", "tcpdoctor-explain.1", "tcpdoctor-diagnose.1")
                .doesNotContain("tcpdoctor-help.1", "tcpdoctor-aot-training.1", "tcpdoctor-generate-man.1");
    }

    @Test
    void groffAndManRenderEveryPageWithoutWarnings() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MANWIDTH", "80");
        env.put("LC_ALL", "C.UTF-8");
        for (ManPage p : pages) {
            Path f = dir.resolve(p.fileName());
            Command.Result groff = Command.run(List.of("groff", "-ww", "-z", "-man", "-t", f.toString()), dir, env,
                    Duration.ofSeconds(30)).ok();
            assertThat(groff.err()).as("groff warnings for " + p.fileName()).isEmpty();
            Command.Result man = Command.run(List.of("man", "--warnings", "-l", f.toString()), dir, env,
                    Duration.ofSeconds(30)).ok();
            assertThat(man.err()).as("man warnings for " + p.fileName()).isEmpty();
            assertThat(man.out()).contains("NAME", "SYNOPSIS", "DESCRIPTION", "SEE ALSO");
        }
    }

    @Test
    void everyVisibleOptionIsDocumentedWithItsHelpText() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MANWIDTH", "200");
        for (CommandLine c : CommandModel.full().getSubcommands().values()) {
            CommandSpec spec = c.getCommandSpec();
            if (!CommandModel.documented(spec)) {
                continue;
            }
            String text = Command.run(List.of("man", "-l", dir.resolve("tcpdoctor-" + spec.name() + ".1").toString()), dir, env,
                    Duration.ofSeconds(30)).ok().out().replaceAll("\\s+", " ");
            for (OptionSpec o : spec.options()) {
                String names = String.join(", ", o.names());
                if (o.hidden()) {
                    assertThat(text).as(spec.name() + " hides " + names).doesNotContain(o.longestName() + " ");
                } else {
                    assertThat(text).as(spec.name() + " " + names).contains(names);
                    String first = o.renderedDescription()[0].replaceAll("\\s+", " ");
                    assertThat(text).as(spec.name() + " " + names).contains(first.substring(0, Math.min(40, first.length())));
                }
            }
        }
    }

    @Test
    void examplesAreKeptVerbatimAndDefaultsFilledIn() throws Exception {
        String states = Files.readString(dir.resolve("tcpdoctor-states.1"));
        assertThat(states).contains(".SH EXAMPLES", ".nf\ntcpdoctor states\n", "Default: 20.")
                .doesNotContain("${DEFAULT-VALUE}");
        String top = Files.readString(dir.resolve("tcpdoctor.1"));
        assertThat(top).contains(".SH COMMANDS", "\\fBtcpdoctor\\-states\\fR(1)", "Exit codes");
    }

    @Test
    void escapesWhatTroffWouldInterpret() {
        assertThat(ManPage.esc(".starts with a dot")).isEqualTo("\\&.starts with a dot");
        assertThat(ManPage.esc("'quote")).isEqualTo("\\&'quote");
        assertThat(ManPage.esc("a\\b --x")).isEqualTo("a\\eb \\-\\-x");
        assertThat(ManPage.esc("TIME_WAIT \u00d7 2 \u4e2d")).isEqualTo("TIME_WAIT \\[u00D7] 2 \\[u4E2D]");
    }
}
