package io.tcpdoctor.model;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The ss-like selection shared by every command. Empty lists mean "no condition". Several values of one
 * option are alternatives (OR); different options must all hold (AND).
 */
public record SocketFilter(
        Set<TcpState> states,
        List<PortMatcher> sports,
        List<PortMatcher> dports,
        List<PortMatcher> ports,
        List<Cidr> srcs,
        List<Cidr> dsts,
        List<Integer> pids,
        List<String> processes,
        boolean ipv4,
        boolean ipv6) {

    /** Everything: all states, both families. */
    public static SocketFilter all() {
        return new SocketFilter(EnumSet.allOf(TcpState.class), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), true, true);
    }

    public SocketFilter {
        states = states.isEmpty() ? EnumSet.noneOf(TcpState.class) : EnumSet.copyOf(states);
        sports = List.copyOf(sports);
        dports = List.copyOf(dports);
        ports = List.copyOf(ports);
        srcs = List.copyOf(srcs);
        dsts = List.copyOf(dsts);
        pids = List.copyOf(pids);
        processes = List.copyOf(processes);
    }

    /** A copy selecting only the given states. */
    public SocketFilter withStates(Set<TcpState> s) {
        return new SocketFilter(s, sports, dports, ports, srcs, dsts, pids, processes, ipv4, ipv6);
    }

    /** inet_diag state mask for kernel-side filtering. */
    public int kernelStateMask() {
        return StateSet.kernelMask(states);
    }

    /** True when only the state and family decide, so a count-only path can skip building records. */
    public boolean stateOnly() {
        return sports.isEmpty() && dports.isEmpty() && ports.isEmpty() && srcs.isEmpty() && dsts.isEmpty()
                && pids.isEmpty() && processes.isEmpty();
    }

    /** True when the filter needs socket owners (pid or process name). */
    public boolean needsOwners() {
        return !pids.isEmpty() || !processes.isEmpty();
    }

    /** True when the filter selects every state. */
    public boolean allStates() {
        return states.size() == TcpState.count();
    }

    /** Full test of one record; owner conditions fail for sockets without an owner. */
    public boolean test(SocketRecord r) {
        if (!states.contains(r.state())) {
            return false;
        }
        if (r.ipv6() ? !ipv6 : !ipv4) {
            return false;
        }
        if (!sports.isEmpty() && !anyPort(sports, r.local().port())) {
            return false;
        }
        if (!dports.isEmpty() && !anyPort(dports, r.remote().port())) {
            return false;
        }
        if (!ports.isEmpty() && !(anyPort(ports, r.local().port()) || anyPort(ports, r.remote().port()))) {
            return false;
        }
        if (!srcs.isEmpty() && !anyNet(srcs, r.local())) {
            return false;
        }
        if (!dsts.isEmpty() && !anyNet(dsts, r.remote())) {
            return false;
        }
        if (!pids.isEmpty() && (r.owner() == null || !pids.contains(r.owner().pid()))) {
            return false;
        }
        if (!processes.isEmpty()) {
            if (r.owner() == null || r.owner().name() == null) {
                return false;
            }
            String name = r.owner().name().toLowerCase(Locale.ROOT);
            boolean hit = false;
            for (String p : processes) {
                if (name.equals(p.toLowerCase(Locale.ROOT))) {
                    hit = true;
                    break;
                }
            }
            if (!hit) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyPort(List<PortMatcher> ms, int port) {
        for (PortMatcher m : ms) {
            if (m.matches(port)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyNet(List<Cidr> nets, io.tcpdoctor.model.Endpoint e) {
        for (Cidr c : nets) {
            if (c.contains(e.address())) {
                return true;
            }
        }
        return false;
    }
}
