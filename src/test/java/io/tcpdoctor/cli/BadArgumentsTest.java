package io.tcpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.testing.Cli;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad option value of every command: one clear line on stderr, exit 2, no Java message. */
class BadArgumentsTest {
    static final String C = "src/test/resources/captures/netstat/netstat-antp.txt";

    static Stream<String> lines() {
        List<String> l = new ArrayList<>();
        // Filters, on both the fast path (states, list) and picocli's (diagnose).
        for (String cmd : new String[] {"states", "list", "diagnose"}) {
            for (String bad : new String[] {"--pid -1", "--pid 0", "--pid a", "--state ,", "--state a,,b", "--state ''",
                "--state bogus", "--sport 2000-1000", "--dport 99999", "--port a", "--sport '>='", "--process ''",
                "--src 10.0.0.0/99", "--dst ''", "-N ''", "-N a -N b", "-N ../x", "-i " + C + " -i " + C, "-o yaml",
                "-o json -o csv", "--input-format bogus", "--input ''"}) {
                l.add(cmd + " -i " + C + " " + bad);
            }
        }
        l.addAll(List.of("states -i " + C + " --by process --top -1", "states -i " + C + " --by bogus",
                "states -i " + C + " --by peer --by process", "states -i " + C + " --top 1 --top 2",
                "diagnose -i " + C + " --ports-warn NaN", "diagnose -i " + C + " --ports-crit Infinity",
                "diagnose -i " + C + " --fd-warn -Infinity", "diagnose -i " + C + " --ports-warn abc",
                "diagnose -i " + C + " --time-wait -1", "diagnose --sample 1e308s", "diagnose --sample -5s", "diagnose --sample x",
                "diagnose -i " + C + " --lang xx",
                "capacity --destinations 1073741824 --close-rate 10", "capacity --destinations 0 --close-rate 10",
                "capacity --close-rate 1e308", "capacity --close-rate NaN", "capacity --close-rate -1", "capacity --close-rate a",
                "capacity --close-rate Infinity -o json", "capacity --port-range 2000-1000 --close-rate 1",
                "capacity --port-range a-b --close-rate 1", "capacity --time-wait 0 --close-rate 1",
                "capacity --time-wait NaN --close-rate 1", "capacity --reuse-factor NaN --close-rate 1",
                "capacity --reuse-factor 1e308 --close-rate 1", "capacity --tw-reuse maybe --close-rate 1",
                "capacity --sample -1 --from-host",
                "tune --time-wait-delay a --target windows", "tune --time-wait-delay 5 --target windows",
                "tune --dynamic-ports 9-8 --target windows", "tune --dynamic-ports a-b --target windows",
                "tune --dynamic-ports 1 --target windows", "tune --lvs-set a,b,c --target lvs", "tune --lvs-set 1 --target lvs",
                "tune --role bogus", "tune --target bogus", "tune -N '' --apply", "tune -N '' --rollback",
                "explain bogus", "explain time-wait --side bogus", "diff " + C, "diff " + C + " " + C + " --by bogus",
                "diff " + C + " " + C + " --top -1 --by peer", "bogus-command", "states --bogus"));
        return l.stream();
    }

    /** Splits like a shell: single quotes group, '' is an empty word. */
    static String[] words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    out.add(w.toString());
                }
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(w.toString());
        }
        return out.toArray(String[]::new);
    }

    @ParameterizedTest
    @MethodSource("lines")
    void oneClearLineAndExit2(String line) {
        Cli.Result r = Cli.run(words(line));
        assertThat(r.code()).as(line + " -> " + r.err()).isEqualTo(2);
        String first = r.err().lines().findFirst().orElse("");
        assertThat(first).as(line).startsWith("tcpdoctor: ");
        // Only picocli's own errors add the one "Try ... --help" hint line.
        assertThat(r.err().lines().skip(1).allMatch(s -> s.startsWith("Try '"))).as(line + ": " + r.err()).isTrue();
        assertThat(r.err()).as(line).doesNotContain("For input string", "Input length", "Exception", "Infinity\"", "internal error");
        assertThat(r.out()).as(line).doesNotContain("Infinity", "NaN");
    }
}
