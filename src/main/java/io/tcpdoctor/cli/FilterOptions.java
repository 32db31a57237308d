package io.tcpdoctor.cli;

import io.tcpdoctor.model.StateSet;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.Cidr;
import io.tcpdoctor.model.PortMatcher;
import io.tcpdoctor.model.SocketFilter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** The ss-like socket filters shared by every command that reads sockets. */
public class FilterOptions {
    // Split here, not by picocli: an empty name (--state ,) must be an error, not silently every state.
    @Option(names = "--state", paramLabel = "STATE",
            description = "Only sockets in this state or ss group (repeatable, comma-separated): a state name in any "
                    + "spelling (TIME_WAIT, time-wait, timewait, FIN-WAIT-1, LISTENING), or a group: all, connected "
                    + "(all but LISTEN and CLOSE), synchronized (connected but SYN_SENT), "
                    + "bucket (TIME_WAIT, SYN_RECV), big (all but bucket).")
    List<String> states = new ArrayList<>();

    @Option(names = "--sport", paramLabel = "PORT", description = "Local port: 80, >=1024, <1024, !=22 or 8000-8100 (repeatable).")
    List<String> sports = new ArrayList<>();

    @Option(names = "--dport", paramLabel = "PORT", description = "Remote (peer) port, same forms as --sport.")
    List<String> dports = new ArrayList<>();

    @Option(names = "--port", paramLabel = "PORT", description = "Either the local or the remote port.")
    List<String> ports = new ArrayList<>();

    @Option(names = "--src", paramLabel = "ADDR", description = "Local address or CIDR (repeatable), e.g. 10.0.0.0/8, ::1.")
    List<String> srcs = new ArrayList<>();

    @Option(names = "--dst", paramLabel = "ADDR", description = "Remote address or CIDR (repeatable).")
    List<String> dsts = new ArrayList<>();

    @Option(names = "--pid", paramLabel = "PID", description = "Only sockets owned by this process id (repeatable).")
    List<Integer> pids = new ArrayList<>();

    @Option(names = "--process", paramLabel = "NAME", description = "Only sockets owned by a process with this name (repeatable).")
    List<String> processes = new ArrayList<>();

    @Option(names = {"-4", "--ipv4"}, description = "IPv4 sockets only.")
    boolean only4;

    @Option(names = {"-6", "--ipv6"}, description = "IPv6 sockets only.")
    boolean only6;

    /** Builds the filter; IllegalArgumentException carries a message for the user. */
    public SocketFilter toFilter() {
        Set<TcpState> st = EnumSet.noneOf(TcpState.class);
        if (states.isEmpty()) {
            st = EnumSet.allOf(TcpState.class);
        }
        for (String s : states) {
            for (String name : s.split(",", -1)) {
                if (name.isBlank()) {
                    throw new IllegalArgumentException("--state: empty state name in '" + s + "'; give names such as "
                            + "time-wait,close-wait");
                }
                st.addAll(StateSet.parse(name));
            }
        }
        for (int pid : pids) {
            if (pid < 1) {
                throw new IllegalArgumentException("--pid must be a process id (1 or more), not " + pid);
            }
        }
        for (String p : processes) {
            if (p.isBlank()) {
                throw new IllegalArgumentException("--process: empty process name");
            }
        }
        boolean v4 = !only6 || only4;
        boolean v6 = !only4 || only6;
        return new SocketFilter(st, ports(sports), ports(dports), ports(ports), nets(srcs), nets(dsts), pids, processes, v4, v6);
    }

    private static List<PortMatcher> ports(List<String> in) {
        List<PortMatcher> out = new ArrayList<>();
        for (String s : in) {
            out.add(PortMatcher.parse(s));
        }
        return out;
    }

    private static List<Cidr> nets(List<String> in) {
        List<Cidr> out = new ArrayList<>();
        for (String s : in) {
            out.add(Cidr.parse(s));
        }
        return out;
    }
}
