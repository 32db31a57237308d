package io.tcpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.model.SocketFilter;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The fast argument path must understand a command line exactly as picocli does, or leave it to picocli. */
class QuickArgsTest {

    /** Everything a parse decides, in comparable form. */
    static String decided(BaseCommand c) {
        FilterOptions f = c instanceof StatesCommand s ? s.filters : ((ListCommand) c).filters;
        SourceOptions src = c instanceof StatesCommand s ? s.source : ((ListCommand) c).source;
        SocketFilter sf = f.toFilter();
        String extra = c instanceof StatesCommand s ? "by=" + s.by + " top=" + s.top : "p=" + ((ListCommand) c).processes;
        return c.getClass().getSimpleName() + " states=" + sf.states() + " sports=" + texts(sf.sports()) + " dports="
                + texts(sf.dports()) + " ports=" + texts(sf.ports()) + " src=" + sf.srcs() + " dst=" + sf.dsts() + " pids="
                + sf.pids() + " procs=" + sf.processes() + " v4=" + sf.ipv4() + " v6=" + sf.ipv6() + " format="
                + c.output.format + " source=" + src.source + " netns=" + src.netns + " input=" + src.input + " inputFormat="
                + src.inputFormat + " strict=" + src.strict + " " + extra;
    }

    private static String texts(java.util.List<io.tcpdoctor.model.PortMatcher> ms) {
        return ms.stream().map(io.tcpdoctor.model.PortMatcher::text).collect(Collectors.joining(","));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "states",
        "states --state time-wait",
        "states --state=TIME_WAIT,close-wait --state listen",
        "states --by peer --top 5 --format json",
        "states --by=process --top=0 -o csv",
        "states -4 --sport >=1024 --dport 3306 --port 80 --src 10.0.0.0/8 --dst ::1",
        "states -6 --pid 42 --pid 43 --process java --source proc -N blue",
        "states --netns=red --source=netlink --debug",
        "list",
        "list -p --state close-wait",
        "list --processes --format=json --dport 443 -4 -6",
        "list -o csv --src 127.0.0.1 --netns x",
        "states -i capture.txt --by process",
        "states --input=- --input-format netstat --strict",
        "list --input capture.txt.gz -p --state time-wait",
    })
    void agreesWithPicocli(String line) {
        String[] args = line.split(" ");
        BaseCommand quick = QuickArgs.parse(args);
        assertThat(quick).as("fast path should take: " + line).isNotNull();
        BaseCommand full = args[0].equals("states") ? new StatesCommand() : new ListCommand();
        CommandLine cl = new CommandLine(new TopCommand());
        cl.addSubcommand(args[0], full);
        cl.parseArgs(args);
        assertThat(decided(quick)).isEqualTo(decided(full));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "states --help", "states -h", "list --version", "states --bogus", "states --top x", "states --pid abc",
        "list --by peer", "states -p", "states --state", "diagnose", "states -4p", "help states", "--help"})
    void leavesEverythingElseToPicocli(String line) {
        assertThat(QuickArgs.parse(line.split(" "))).isNull();
    }
}
