package io.tcpdoctor.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.SnapshotProvider;
import io.tcpdoctor.model.SocketFilter;
import io.tcpdoctor.testing.Loopback;
import io.tcpdoctor.testing.Wait;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The netlink and /proc sources must describe the same sockets identically. */
class SourcesAgreeTest {

    /** What both sources report exactly (queues and timers move between two reads). */
    static Set<String> keys(Snapshot s) {
        Set<String> out = new TreeSet<>();
        for (SocketRecord r : s.sockets()) {
            out.add(r.proto() + " " + r.state() + " " + r.local() + " " + r.remote() + " uid=" + r.uid() + " inode=" + r.inode()
                    + " user=" + r.user());
        }
        return out;
    }

    @Test
    void netlinkAndProcReportTheSameTable() throws Exception {
        try (Loopback v4 = new Loopback(); Loopback v6 = new Loopback("::1", 10)) {
            for (int i = 0; i < 20; i++) {
                v4.established();
            }
            for (int i = 0; i < 5; i++) {
                v4.timeWait();
                v6.established();
                v4.closeWait();
            }
            v6.timeWait();
            SocketFilter ours = SocketFilter.all().withStates(Set.of(TcpState.values()));
            ours = new SocketFilter(ours.states(), List.of(), List.of(),
                    List.of(io.tcpdoctor.model.PortMatcher.parse(Integer.toString(v4.port())),
                            io.tcpdoctor.model.PortMatcher.parse(Integer.toString(v6.port()))),
                    List.of(), List.of(), List.of(), List.of(), true, true);
            SocketFilter f = ours;
            LiveSnapshots netlink = new LiveSnapshots(LiveSnapshots.Kind.NETLINK, null);
            LiveSnapshots proc = new LiveSnapshots(LiveSnapshots.Kind.PROC, null);
            // Compared once the table has settled: a closing pair passes FIN_WAIT1 and LAST_ACK before TIME_WAIT, and
            // a CLOSE_WAIT appears only once its peer's FIN has arrived.
            int expected = 2 + 40 + 5 + 10 + 10 + 1;
            Wait.until(() -> {
                Snapshot s = netlink.take(f, SnapshotProvider.Needs.RECORDS);
                return s.sockets().size() == expected && s.counts().get(TcpState.TIME_WAIT) == 6
                        && s.counts().get(TcpState.CLOSE_WAIT) == 5 && s.counts().get(TcpState.FIN_WAIT2) == 5;
            }, 5000);
            Snapshot a = netlink.take(f, SnapshotProvider.Needs.RECORDS);
            Snapshot b = proc.take(f, SnapshotProvider.Needs.RECORDS);
            assertThat(a.sockets()).hasSize(expected);
            assertThat(keys(a)).isEqualTo(keys(b));
            assertThat(a.counts().nonZero()).isEqualTo(b.counts().nonZero());
            // Our TIME_WAIT sockets show up in the kernel-filtered count-only path too.
            assertThat(netlink.take(SocketFilter.all().withStates(Set.of(TcpState.TIME_WAIT)), SnapshotProvider.Needs.COUNTS)
                    .counts().get(TcpState.TIME_WAIT)).isGreaterThanOrEqualTo(6);
        }
    }

    /** The sockets of our two listeners' ports, from one dump request per family or one for both. */
    private static Set<String> dumped(int[] families, int v4Port, int v6Port) {
        Set<String> out = new TreeSet<>();
        int all = io.tcpdoctor.model.StateSet.kernelMask(java.util.EnumSet.allOf(TcpState.class));
        try (NetlinkSocket nl = NetlinkSocket.open(NetlinkSocket.NETLINK_SOCK_DIAG)) {
            for (int af : families) {
                InetDiag.dump(nl, af, all, false, null, r -> {
                    // (Java's IPv4 sockets may be IPv6 sockets with mapped addresses: either port, either family.)
                    if (r.local().port() == v4Port || r.remote().port() == v4Port
                            || r.local().port() == v6Port || r.remote().port() == v6Port) {
                        out.add(r.proto() + " " + r.state() + " " + r.local() + " " + r.remote() + " inode=" + r.inode());
                    }
                });
            }
        }
        return out;
    }

    @Test
    void oneRequestForBothFamiliesGivesWhatOnePerFamilyGives() throws Exception {
        try (Loopback v4 = new Loopback(); Loopback v6 = new Loopback("::1", 10)) {
            for (int i = 0; i < 3; i++) {
                v4.established();
                v6.established();
                v6.closeWait();
            }
            v4.closeWait();
            int[] both = {InetDiag.AF_UNSPEC};
            int[] each = {InetDiag.AF_INET, InetDiag.AF_INET6};
            Wait.until(() -> dumped(both, v4.port(), v6.port()).equals(dumped(each, v4.port(), v6.port())), 3000);
            Set<String> together = dumped(both, v4.port(), v6.port());
            // Listeners, 3 + 3 established pairs, 1 + 3 CLOSE_WAIT/FIN_WAIT2 pairs: 2 + 12 + 8.
            assertThat(together).hasSize(22).isEqualTo(dumped(each, v4.port(), v6.port()));
            assertThat(together).filteredOn(k -> k.startsWith("tcp6 ") && k.contains("[::1]")).hasSize(1 + 6 + 6);
        }
    }
}
