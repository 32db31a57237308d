package io.tcpdoctor.query;

import io.tcpdoctor.model.Cidr;
import io.tcpdoctor.model.PortMatcher;
import io.tcpdoctor.model.SocketFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpdoctor.model.Addresses;
import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.TimerKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FiltersTest {
    static SocketRecord rec(TcpState s, String local, int lport, String remote, int rport, Owner owner) {
        return new SocketRecord(local.contains(":"), s, Endpoint.of(Addresses.parseLiteral(local), lport),
                Endpoint.of(Addresses.parseLiteral(remote), rport), 0, 0, TimerKind.OFF, 0, 0, 1000,
                owner == null ? 0 : 42, null, owner, null);
    }

    @Test
    void portComparisons() {
        assertThat(PortMatcher.parse(">=1024").matches(1024)).isTrue();
        assertThat(PortMatcher.parse(">=1024").matches(1023)).isFalse();
        assertThat(PortMatcher.parse("<1024").matches(80)).isTrue();
        assertThat(PortMatcher.parse("!=22").matches(22)).isFalse();
        assertThat(PortMatcher.parse("8000-8100").matches(8050)).isTrue();
        assertThat(PortMatcher.parse("8000-8100").matches(8101)).isFalse();
        assertThat(PortMatcher.parse("> 10").matches(11)).isTrue();
        assertThatThrownBy(() -> PortMatcher.parse("http")).hasMessageContaining("bad port 'http'");
        assertThatThrownBy(() -> PortMatcher.parse("70000")).hasMessageContaining("0-65535");
    }

    @Test
    void cidrs() {
        Cidr net = Cidr.parse("10.0.0.0/8");
        assertThat(net.contains(Addresses.parseLiteral("10.200.1.1"))).isTrue();
        assertThat(net.contains(Addresses.parseLiteral("11.0.0.1"))).isFalse();
        assertThat(net.contains(Addresses.parseLiteral("::1"))).isFalse();
        assertThat(Cidr.parse("192.168.1.0/25").contains(Addresses.parseLiteral("192.168.1.127"))).isTrue();
        assertThat(Cidr.parse("192.168.1.0/25").contains(Addresses.parseLiteral("192.168.1.128"))).isFalse();
        assertThat(Cidr.parse("fe80::/10").contains(Addresses.parseLiteral("febf::1"))).isTrue();
        assertThat(Cidr.parse("::1").contains(Addresses.parseLiteral("::1"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(Addresses.parseLiteral("8.8.8.8"))).isTrue();
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("prefix");
        assertThatThrownBy(() -> Cidr.parse("example.com")).hasMessageContaining("bad address");
    }

    @Test
    void filterCombinesOptionsWithAndValuesWithOr() {
        SocketRecord a = rec(TcpState.ESTABLISHED, "10.0.0.1", 40000, "10.0.0.9", 3306, new Owner(7, "java"));
        SocketRecord b = rec(TcpState.TIME_WAIT, "10.0.0.1", 40001, "10.0.0.9", 3306, null);
        SocketRecord c = rec(TcpState.LISTEN, "0.0.0.0", 8080, "0.0.0.0", 0, new Owner(8, "nginx"));
        SocketRecord d = rec(TcpState.ESTABLISHED, "2001:db8::1", 443, "2001:db8::2", 50000, new Owner(8, "nginx"));
        List<SocketRecord> all = List.of(a, b, c, d);
        SocketFilter f = new SocketFilter(EnumSet.allOf(TcpState.class), List.of(), List.of(PortMatcher.parse("3306")), List.of(),
                List.of(), List.of(), List.of(), List.of(), true, true);
        assertThat(all.stream().filter(f::test)).containsExactly(a, b);
        f = new SocketFilter(EnumSet.of(TcpState.ESTABLISHED), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of("NGINX", "java"), true, true);
        assertThat(all.stream().filter(f::test)).containsExactly(a, d);
        f = new SocketFilter(EnumSet.allOf(TcpState.class), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(8),
                List.of(), true, false);
        assertThat(all.stream().filter(f::test)).containsExactly(c);
        f = new SocketFilter(EnumSet.allOf(TcpState.class), List.of(), List.of(), List.of(PortMatcher.parse("443")),
                List.of(Cidr.parse("2001:db8::/32")), List.of(), List.of(), List.of(), true, true);
        assertThat(all.stream().filter(f::test)).containsExactly(d);
        assertThat(f.needsOwners()).isFalse();
        assertThat(f.stateOnly()).isFalse();
    }

    @Test
    void groupTableSortsLargestFirstAndSumsTheRest() {
        List<SocketRecord> rs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rs.add(rec(TcpState.TIME_WAIT, "10.0.0.1", 40000 + i, "10.0.0.9", 3306, null));
        }
        for (int i = 0; i < 3; i++) {
            rs.add(rec(TcpState.ESTABLISHED, "10.0.0.1", 41000 + i, "10.0.0.8", 80, new Owner(7, "java")));
        }
        rs.add(rec(TcpState.ESTABLISHED, "10.0.0.1", 42000, "10.0.0.7", 443, new Owner(7, "java")));
        rs.add(rec(TcpState.CLOSE_WAIT, "10.0.0.1", 42001, "10.0.0.6", 443, new Owner(7, "java")));
        GroupTable t = GroupTable.of(GroupKey.PEER, rs, 2);
        assertThat(t.rows()).extracting(GroupTable.Row::group).containsExactly("10.0.0.9:3306", "10.0.0.8:80");
        assertThat(t.rows().get(0).counts().get(TcpState.TIME_WAIT)).isEqualTo(4);
        assertThat(t.other().group()).isEqualTo("other (2 groups)");
        assertThat(t.other().counts().total()).isEqualTo(2);
        assertThat(t.total().total()).isEqualTo(9);
        GroupTable byProc = GroupTable.of(GroupKey.PROCESS, rs, 0);
        assertThat(byProc.rows()).extracting(GroupTable.Row::group).containsExactly("java/7", GroupKey.NO_OWNER);
        assertThat(GroupKey.parse("Remote_Port")).isEqualTo(GroupKey.REMOTE_PORT);
        assertThatThrownBy(() -> GroupKey.parse("color")).hasMessageContaining("valid: local-port");
    }
}
