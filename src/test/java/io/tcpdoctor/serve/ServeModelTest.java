package io.tcpdoctor.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.TimerKind;
import io.tcpdoctor.ports.PortRange;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of serve: grouping with a limit, destinations, the history ring, escaping and redaction. */
class ServeModelTest {
    static SocketRecord socket(TcpState s, String local, int lport, String remote, int rport, String owner) throws Exception {
        return new SocketRecord(false, s, Endpoint.of(InetAddress.getByName(local), lport), Endpoint.of(InetAddress.getByName(remote), rport),
                0, 0, s == TcpState.TIME_WAIT ? TimerKind.TIMEWAIT : TimerKind.OFF, s == TcpState.TIME_WAIT ? 30_000 : 0, 0, 0,
                s == TcpState.TIME_WAIT ? 0 : 1, null, owner == null ? null : new Owner(100, owner), null);
    }

    @Test
    void groupsBeyondTheLimitAreSummedAsOther() throws Exception {
        List<SocketRecord> all = new ArrayList<>();
        // Peer i gets i + 1 sockets: peers 5, 4 and 3 (6, 5 and 4 sockets) are the largest.
        for (int i = 0; i < 6; i++) {
            for (int k = 0; k <= i; k++) {
                all.add(socket(TcpState.ESTABLISHED, "10.0.0.1", 40000 + i * 10 + k, "10.0.1." + i, 443, "curl"));
            }
        }
        View.Groups g = View.group(Dimension.PEER, all, 3, Redactor.NONE);
        assertThat(g.rows()).extracting(r -> r.group()).containsExactly("10.0.1.5:443", "10.0.1.4:443", "10.0.1.3:443");
        assertThat(g.other().group()).isEqualTo("other");
        assertThat(g.other().counts().total()).isEqualTo(3 + 2 + 1);
        assertThat(g.otherGroups()).isEqualTo(3);
        assertThat(View.group(Dimension.PEER, all, 6, Redactor.NONE).other()).isNull();
    }

    @Test
    void destinationsCountOnlyEphemeralNonListeningPorts() throws Exception {
        List<SocketRecord> all = List.of(
                socket(TcpState.LISTEN, "0.0.0.0", 40000, "0.0.0.0", 0, "srv"),
                socket(TcpState.ESTABLISHED, "10.0.0.1", 40000, "10.0.0.9", 50000, "srv"),   // accepted: listening port
                socket(TcpState.ESTABLISHED, "10.0.0.1", 40001, "10.0.0.9", 5432, "app"),
                socket(TcpState.TIME_WAIT, "10.0.0.1", 40002, "10.0.0.9", 5432, null),
                socket(TcpState.ESTABLISHED, "10.0.0.1", 80, "10.0.0.7", 5432, "app"));      // not ephemeral
        PortRange range = new PortRange(32768, 60999, PortRange.parseReserved("40002"));
        assertThat(View.destinations(all, range, 10)).containsExactly(new View.Destination("10.0.0.1->10.0.0.9:5432", 1));
        assertThat(View.destinations(all, PortRange.DEFAULT, 10)).containsExactly(new View.Destination("10.0.0.1->10.0.0.9:5432", 2));
    }

    @Test
    void historyKeepsTheNewestHourInOrder() {
        History h = new History(Duration.ofMinutes(20));
        assertThat(h.capacity()).isEqualTo(3);
        for (int i = 1; i <= 5; i++) {
            StateCounts c = new StateCounts();
            c.add(TcpState.CLOSE_WAIT, i * 10L);
            h.add(i * 1000L, c, i);
        }
        History.Window w = h.window();
        assertThat(w.at()).containsExactly(3000, 4000, 5000);
        assertThat(w.perState()[TcpState.CLOSE_WAIT.ordinal()]).containsExactly(30, 40, 50);
        assertThat(w.findings()).containsExactly(3, 4, 5);
        assertThat(new History(Duration.ofSeconds(5)).capacity()).isEqualTo(720);
    }

    @Test
    void htmlEscapingAndRedaction() {
        assertThat(Html.escape("<img src=x onerror='a(\"b\")'>&")).isEqualTo("&lt;img src=x onerror=&#39;a(&quot;b&quot;)&#39;&gt;&amp;");
        Redactor r = Redactor.of(true);
        String java = r.name("java");
        assertThat(java).matches("process-[0-9a-f]{8}").isEqualTo(Redactor.of(true).name("java"));
        assertThat(r.text("java/123 holds 40 CLOSE_WAIT sockets; javac is fine", List.of("java")))
                .isEqualTo(java + "/123 holds 40 CLOSE_WAIT sockets; javac is fine");
        assertThat(Redactor.NONE.name("java")).isEqualTo("java");
    }
}
