package io.tcpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.tcpdoctor.Main;
import io.tcpdoctor.model.StateSet;
import io.tcpdoctor.query.GroupKey;
import io.tcpdoctor.testing.Command;
import io.tcpdoctor.testing.TestNetns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated completion script, run by a real bash (and zsh) as the shell does on TAB. */
class CompletionScriptTest {
    /** Loads the script, sets the words as bash's completion would, calls the completer, prints the candidates. */
    private static final String BASH_DRIVER = """
            source "$1"; shift
            COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
            _complete_tcpdoctor tcpdoctor "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """;

    @TempDir
    static Path dir;

    static Path bash;

    @BeforeAll
    static void generate() throws Exception {
        bash = dir.resolve("tcpdoctor.bash");
        Files.writeString(bash, CompletionScript.bash());
    }

    /** The candidates bash offers for the command line, the last word being the one completed. */
    static List<String> complete(Path script, String... words) {
        List<String> cmd = new ArrayList<>(List.of("bash", "--norc", "--noprofile", "-c", BASH_DRIVER, "bash", script.toString()));
        cmd.addAll(Arrays.asList(words));
        Command.Result r = Command.run(cmd, dir, null, Duration.ofSeconds(30)).ok();
        return r.out().lines().filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void statesOffersEveryStateSpellingThatMatches() {
        assertThat(complete(bash, "tcpdoctor", "states", "--state", "t")).containsExactly("time-wait");
        assertThat(complete(bash, "tcpdoctor", "states", "--state", "T")).containsExactly("TIME_WAIT");
        assertThat(complete(bash, "tcpdoctor", "list", "--state", "close")).containsExactlyInAnyOrder("close", "close-wait");
        assertThat(complete(bash, "tcpdoctor", "states", "--state", "b")).containsExactlyInAnyOrder("bucket", "big");
        // Comma-separated lists complete their last item.
        assertThat(complete(bash, "tcpdoctor", "states", "--state", "time-wait,clo"))
                .containsExactlyInAnyOrder("time-wait,close", "time-wait,close-wait", "time-wait,closing");
        assertThat(complete(bash, "tcpdoctor", "list", "--state", "LISTEN,TIME_WAIT,SYN_R"))
                .containsExactly("LISTEN,TIME_WAIT,SYN_RECV");
    }

    @Test
    void everyOfferedStateIsAccepted() {
        List<String> all = complete(bash, "tcpdoctor", "states", "--state", "");
        assertThat(all).contains("TIME_WAIT", "time-wait", "FIN_WAIT1", "fin-wait-1", "SYN_RECV", "syn-recv", "connected");
        for (String s : all) {
            assertThatCode(() -> StateSet.parse(s)).as(s).doesNotThrowAnyException();
        }
    }

    @Test
    void explainOffersTheRealTopicsAndEachOneWorks() {
        List<String> topics = complete(bash, "tcpdoctor", "explain", "");
        assertThat(topics).contains("time-wait", "TIME_WAIT", "close-wait", "open", "close", "ipvs:FIN_WAIT",
                "tcp_fin_timeout", "net.ipv4.tcp_tw_reuse", "somaxconn");
        assertThat(complete(bash, "tcpdoctor", "explain", "TI")).containsExactly("TIME_WAIT");
        for (String t : topics) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = Main.execute(new PrintStream(out), new PrintStream(new ByteArrayOutputStream()), "explain", t);
            assertThat(code).as("explain " + t).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).as("explain " + t).isNotBlank();
        }
    }

    @Test
    void byKeysFormatsAndCommands() {
        assertThat(complete(bash, "tcpdoctor", "states", "--by", ""))
                .containsExactlyElementsOf(Arrays.stream(GroupKey.values()).map(GroupKey::option).toList());
        assertThat(complete(bash, "tcpdoctor", "diff", "--by", "p")).containsExactlyInAnyOrder("peer", "process");
        assertThat(complete(bash, "tcpdoctor", "list", "--format", "")).containsExactly("text", "json", "csv");
        assertThat(complete(bash, "tcpdoctor", "states", "--input-format", "ss")).containsExactlyInAnyOrder("ss", "ss-s");
        assertThat(complete(bash, "tcpdoctor", "")).contains("states", "list", "diagnose", "explain")
                .doesNotContain("aot-training", "generate-completion", "generate-man");
        assertThat(complete(bash, "tcpdoctor", "states", "--st")).containsExactlyInAnyOrder("--state", "--strict");
    }

    @Test
    void inputCompletesFileNames() throws Exception {
        Files.writeString(dir.resolve("netstat-web01.txt"), "x");
        assertThat(complete(bash, "tcpdoctor", "states", "--input", "netstat-w")).containsExactly("netstat-web01.txt");
    }

    @Test
    void namespacesAreReadWhenCompleting() {
        try (TestNetns ns = TestNetns.create("tdcomp")) {
            assertThat(complete(bash, "tcpdoctor", "list", "--netns", "tdcomp")).contains(ns.name());
            assertThat(complete(bash, "tcpdoctor", "diagnose", "-N", "")).contains(ns.name());
        }
        assertThat(complete(bash, "tcpdoctor", "list", "--netns", "tdcomp")).isEmpty();
    }

    @Test
    void zshRunsTheSameCompleterThroughBashcompinit() throws Exception {
        String zsh = CompletionScript.zsh(Files.readString(bash));
        assertThat(zsh).startsWith("#compdef tcpdoctor\n").contains("bashcompinit");
        // zsh's compgen -F runs the bash completer in sh emulation, as a real TAB press in zsh does.
        String driver = """
                autoload -U +X compinit && compinit -u -D
                autoload -U +X bashcompinit && bashcompinit
                source "$1"
                COMP_WORDS=(tcpdoctor states --state T); COMP_CWORD=3
                compgen -F _complete_tcpdoctor -- T
                COMP_WORDS=(tcpdoctor explain ''); COMP_CWORD=2
                compgen -F _complete_tcpdoctor -- ''
                COMP_WORDS=(tcpdoctor list --state time-wait,clo); COMP_CWORD=3
                compgen -F _complete_tcpdoctor -- time-wait,clo
                """;
        Command.Result r = Command.run(List.of("zsh", "-f", "-c", driver, "zsh", bash.toString()), dir, null,
                Duration.ofSeconds(30)).ok();
        assertThat(r.out().lines().toList()).contains("TIME_WAIT", "time-wait", "tcp_fin_timeout", "open", "time-wait,close-wait");
    }
}
