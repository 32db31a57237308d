package io.tcpdoctor.capture;

import static io.tcpdoctor.model.TcpState.CLOSE;
import static io.tcpdoctor.model.TcpState.CLOSE_WAIT;
import static io.tcpdoctor.model.TcpState.ESTABLISHED;
import static io.tcpdoctor.model.TcpState.FIN_WAIT2;
import static io.tcpdoctor.model.TcpState.LAST_ACK;
import static io.tcpdoctor.model.TcpState.LISTEN;
import static io.tcpdoctor.model.TcpState.SYN_RECV;
import static io.tcpdoctor.model.TcpState.SYN_SENT;
import static io.tcpdoctor.model.TcpState.TIME_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.TimerKind;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every parser on captures as the tools print them. */
class ParserFixtureTest {
    /** The loopback sockets the Linux fixtures were captured from: 3 listeners, 12 established, 3+3+2 closing. */
    private static final Map<TcpState, Long> LINUX = Map.of(LISTEN, 3L, ESTABLISHED, 12L, CLOSE_WAIT, 3L, FIN_WAIT2, 3L, TIME_WAIT, 2L);

    private static void assertCounts(Parsed p, Map<TcpState, Long> expected) {
        assertThat(p.counts().nonZero()).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"netstat/netstat-an.txt", "netstat/netstat-antp.txt", "netstat/netstat-antpe.txt",
            "netstat/netstat-antpo.txt", "netstat/netstat-antW.txt", "netstat/netstat-nap.txt", "ss/ss-tan.txt",
            "ss/ss-tanp.txt", "ss/ss-tanpoei.txt", "ss/ss-tanm.txt", "proc/proc-net-tcp.txt"})
    void linuxCapturesOfTheSameSocketsAgree(String fixture) {
        Parsed p = Parsed.of(fixture);
        assertThat(p.skips).isEmpty();
        assertCounts(p, LINUX);
        assertThat(p.sockets).filteredOn(SocketRecord::ipv6).hasSize(5);
    }

    @Test
    void netstatPidProgramUserInodeAndTimer() {
        Parsed p = Parsed.of("netstat/netstat-antpe.txt");
        SocketRecord l = p.sockets.stream().filter(r -> r.local().port() == 18080 && r.state() == LISTEN).findFirst().orElseThrow();
        assertThat(l.owner().pid()).isEqualTo(12913);
        assertThat(l.owner().name()).isEqualTo("python3");
        assertThat(l.inode()).isEqualTo(29549);
        assertThat(l.uid()).isZero();
        Parsed o = Parsed.of("netstat/netstat-antpo.txt");
        SocketRecord tw = o.sockets.stream().filter(r -> r.state() == TIME_WAIT).findFirst().orElseThrow();
        assertThat(tw.timer()).isEqualTo(TimerKind.TIMEWAIT);
        assertThat(tw.timerMs()).isBetween(58_000L, 59_000L);
        assertThat(tw.owner()).isNull();
    }

    @Test
    void netstatWithUnixAndUdpRowsCountsOnlyTcp() {
        Parsed p = Parsed.of("netstat/netstat-nap.txt");
        assertThat(p.sockets).hasSize(23);
        assertThat(p.skips).isEmpty();
    }

    @Test
    void redactedAndNamedHostsStillCount() {
        Parsed p = Parsed.of("netstat/netstat-antp-redacted.txt");
        assertThat(p.sockets).hasSize(5);
        assertThat(p.skips).singleElement().satisfies(s -> {
            assertThat(s.line()).isEqualTo(6);
            assertThat(s.why()).contains("[REDACTED]");
        });
        SocketRecord named = p.sockets.get(3);
        assertThat(named.local().host()).isEqualTo("localhost");
        assertThat(named.local().port()).isEqualTo(22);
        assertThat(named.remote().host()).isEqualTo("aaaa");
        assertThat(named.remote().port()).isEqualTo(53045);
        assertThat(p.sockets.get(4).local().port()).isEqualTo(3306);
        assertThat(p.sockets.get(4).local().addressText()).isEqualTo("192.168.12.13");
        assertThat(p.sockets.get(0).remote().host()).isEqualTo("xxx.xxx.xxx.xxx");
    }

    @Test
    void ssOwnersTimersAndTcpInfo() {
        Parsed p = Parsed.of("ss/ss-tanpoei.txt");
        SocketRecord e = p.sockets.stream().filter(r -> r.state() == ESTABLISHED && r.local().port() == 18080).findFirst().orElseThrow();
        assertThat(e.owner().name()).isEqualTo("python3");
        assertThat(e.owner().pid()).isEqualTo(12913);
        assertThat(e.inode()).isPositive();
        assertThat(e.info()).isNotNull();
        assertThat(e.info().rttUs()).isPositive();
        assertThat(e.info().lastDataSentMs()).isEqualTo(1400);
        SocketRecord tw = p.sockets.stream().filter(r -> r.state() == TIME_WAIT).findFirst().orElseThrow();
        assertThat(tw.timer()).isEqualTo(TimerKind.TIMEWAIT);
        assertThat(tw.inode()).isZero();
        assertThat(tw.ownerless()).isTrue();
    }

    @Test
    void ssTulnpIgnoresUdpAndReadsNetid() {
        Parsed p = Parsed.of("ss/ss-tulnp.txt");
        assertCounts(p, Map.of(LISTEN, 3L));
        assertThat(p.sockets).filteredOn(SocketRecord::ipv6).singleElement()
                .satisfies(r -> assertThat(r.local().addressText()).isEqualTo("::1"));
    }

    @Test
    void ssSummaryGivesTotalsOnly() {
        Parsed p = Parsed.of("ss-s/ss-s.txt");
        assertThat(p.sockets).isEmpty();
        assertCounts(p, Map.of(ESTABLISHED, 15L, TIME_WAIT, 5L));
        assertThat(p.skips).isEmpty();
    }

    @Test
    void countingOneLiners() {
        Map<TcpState, Long> awk = Map.of(TIME_WAIT, 28342L, CLOSE_WAIT, 17L, TcpState.FIN_WAIT1, 2L, FIN_WAIT2, 130L,
                ESTABLISHED, 934L, SYN_RECV, 3L, LAST_ACK, 1L, LISTEN, 12L);
        assertCounts(Parsed.of("counts/awk-nf.txt"), awk);
        Parsed uniq = Parsed.of("counts/uniq-c.txt");
        assertCounts(uniq, Map.of(ESTABLISHED, 934L, FIN_WAIT2, 130L, LISTEN, 12L, TIME_WAIT, 28342L));
        assertThat(uniq.skips).isEmpty();
        assertCounts(Parsed.of("counts/ss-uniq-c.txt"), Map.of(ESTABLISHED, 934L, CLOSE_WAIT, 17L, LISTEN, 12L, TIME_WAIT, 28342L));
    }

    @Test
    void awkNfOnAPidColumnCountsProgramsNotStates() {
        // The $NF one-liner on netstat -antp output keys by PID/Program: none of its lines is a state.
        Parsed p = Parsed.of(Parsed.resource("counts/awk-nf-with-pid-column.txt"), CaptureFormat.COUNTS);
        assertThat(p.counts().total()).isZero();
        assertThat(p.skips).hasSize(2).allSatisfy(s -> assertThat(s.why()).startsWith("not a TCP state"));
    }

    @Test
    void windowsNetstatAno() {
        Parsed p = Parsed.of("windows/netstat-ano.txt");
        assertThat(p.skips).isEmpty();
        assertCounts(p, Map.of(LISTEN, 5L, ESTABLISHED, 4L, CLOSE_WAIT, 3L, TIME_WAIT, 4L, SYN_SENT, 1L, FIN_WAIT2, 1L));
        assertThat(p.sockets).filteredOn(SocketRecord::ipv6).hasSize(4);
        SocketRecord ll = p.sockets.get(p.sockets.size() - 1);
        assertThat(ll.local().addressText()).isEqualTo("fe80::1c2d:3e4f:5a6b:7c8d");
        assertThat(ll.local().port()).isEqualTo(49800);
        assertThat(p.sockets.stream().filter(r -> r.state() == TIME_WAIT)).allSatisfy(r -> assertThat(r.owner()).isNull());
        assertThat(p.sockets.get(3).owner().pid()).isEqualTo(6120);
    }

    @Test
    void windowsNetstatAnWithoutPid() {
        Parsed p = Parsed.of("windows/netstat-an.txt");
        assertThat(p.skips).isEmpty();
        assertThat(p.sockets).hasSize(14).allSatisfy(r -> assertThat(r.owner()).isNull());
    }

    @Test
    void windowsNetstatAnobTakesOwnersFromWrappedLines() {
        Parsed p = Parsed.of("windows/netstat-anob.txt");
        assertThat(p.skips).isEmpty();
        assertThat(p.sockets).hasSize(18);
        assertThat(p.sockets.get(0).owner().name()).isEqualTo("svchost.exe");
        assertThat(p.sockets.get(0).owner().pid()).isEqualTo(1052);
        assertThat(p.sockets.get(1).owner().name()).isNull();
        assertThat(p.sockets.get(3).owner().name()).isEqualTo("java.exe");
    }

    @ParameterizedTest
    @ValueSource(strings = {"windows/netstat-ano-de.txt", "windows/netstat-ano-de-cp850.txt"})
    void germanWindowsStates(String fixture) {
        Parsed p = Parsed.of(fixture);
        assertThat(p.skips).isEmpty();
        assertCounts(p, Map.of(LISTEN, 3L, ESTABLISHED, 2L, TIME_WAIT, 3L, CLOSE_WAIT, 1L, SYN_SENT, 1L, FIN_WAIT2, 1L));
    }

    @Test
    void chineseWindowsHeaders() {
        Parsed p = Parsed.of("windows/netstat-ano-zh.txt");
        assertThat(p.skips).isEmpty();
        assertCounts(p, Map.of(LISTEN, 3L, ESTABLISHED, 3L, CLOSE_WAIT, 3L, TIME_WAIT, 2L));
    }

    @Test
    void powershellUtf16WithEmptyAppliedSetting() {
        Parsed p = Parsed.of("powershell/get-nettcpconnection.txt");
        assertThat(p.skips).isEmpty();
        assertCounts(p, Map.of(LISTEN, 3L, CLOSE, 1L, ESTABLISHED, 3L, CLOSE_WAIT, 2L, TIME_WAIT, 3L, FIN_WAIT2, 1L));
        assertThat(p.sockets.get(4).owner().pid()).isEqualTo(6120);
        assertThat(p.sockets.get(4).remote().port()).isEqualTo(51544);
        assertThat(p.sockets.get(0).ipv6()).isTrue();
    }

    @Test
    void bsdNetstat() {
        Parsed mac = Parsed.of("bsd/macos-netstat-an-p-tcp.txt");
        assertThat(mac.skips).isEmpty();
        assertCounts(mac, Map.of(ESTABLISHED, 4L, CLOSE_WAIT, 1L, TIME_WAIT, 2L, SYN_SENT, 1L, FIN_WAIT2, 1L, LISTEN, 3L, SYN_RECV, 1L));
        SocketRecord first = mac.sockets.get(0);
        assertThat(first.local().addressText()).isEqualTo("192.168.1.23");
        assertThat(first.local().port()).isEqualTo(52345);
        assertThat(first.remote().port()).isEqualTo(5223);
        assertThat(mac.sockets.get(7).local().addressText()).isEqualTo("fe80::1");
        assertThat(mac.sockets.get(7).ipv6()).isTrue();
        Parsed fbsd = Parsed.of("bsd/freebsd-netstat-an.txt");
        assertThat(fbsd.skips).isEmpty();
        assertCounts(fbsd, Map.of(ESTABLISHED, 2L, TIME_WAIT, 2L, LAST_ACK, 1L, LISTEN, 3L));
        Parsed v = Parsed.of("bsd/macos-netstat-anv.txt");
        assertThat(v.sockets).extracting(r -> r.owner().pid()).containsExactly(512, 5012, 5012, 7781);
    }

    @Test
    void bsdNetstatWithThePcbColumn() {
        // netstat -An on macOS: Socket and Flowhash before Proto; the UNIX socket section is not TCP.
        Parsed an = Parsed.of("bsd/macos-netstat-An.txt");
        assertThat(an.skips).isEmpty();
        assertCounts(an, Map.of(ESTABLISHED, 3L, CLOSE_WAIT, 1L, TIME_WAIT, 1L, LISTEN, 2L, SYN_SENT, 1L));
        assertThat(an.sockets.get(2).recvQ()).isEqualTo(31);
        assertThat(an.sockets.get(0).local().port()).isEqualTo(52345);
        assertThat(an.sockets.get(0).remote().addressText()).isEqualTo("17.57.146.52");
        assertThat(an.sockets.get(4).ipv6()).isTrue();
        // Without -n: names and service names, and macOS's empty multipath section.
        Parsed a = Parsed.of("bsd/macos-netstat-A.txt");
        assertThat(a.skips).isEmpty();
        assertCounts(a, Map.of(ESTABLISHED, 2L, CLOSE_WAIT, 1L, LISTEN, 2L));
        // -Abn: byte counts after the state.
        Parsed abn = Parsed.of("bsd/macos-netstat-Abn.txt");
        assertThat(abn.skips).isEmpty();
        assertCounts(abn, Map.of(ESTABLISHED, 2L, CLOSE_WAIT, 1L, TIME_WAIT, 1L, LISTEN, 1L));
        // FreeBSD -Aa (Tcpcb column; a udp section with its own Pcb header) and -AanP (log and stack columns).
        Parsed aa = Parsed.of("bsd/freebsd-netstat-Aa.txt");
        assertThat(aa.skips).isEmpty();
        assertCounts(aa, Map.of(ESTABLISHED, 2L, TIME_WAIT, 1L, FIN_WAIT2, 1L, LISTEN, 3L));
        Parsed p = Parsed.of("bsd/freebsd-netstat-AanP.txt");
        assertThat(p.skips).isEmpty();
        assertCounts(p, Map.of(ESTABLISHED, 2L, TIME_WAIT, 1L, LAST_ACK, 1L, LISTEN, 3L));
        assertThat(p.sockets.get(1).sendQ()).isEqualTo(36);
        for (String f : new String[] {"macos-netstat-An.txt", "macos-netstat-A.txt", "macos-netstat-Abn.txt",
            "freebsd-netstat-Aa.txt", "freebsd-netstat-AanP.txt"}) {
            io.tcpdoctor.testing.Cli.Result r = io.tcpdoctor.testing.Cli.run("states", "-i", "src/test/resources/captures/bsd/" + f);
            assertThat(r.code()).as(f + ": " + r.err()).isZero();
            assertThat(r.err()).as(f).isEmpty();
        }
    }

    @Test
    void ipvsEntriesStayApartFromSockets() {
        Parsed p = Parsed.of("ipvsadm/ipvsadm-Lnc.txt");
        assertThat(p.sockets).isEmpty();
        assertThat(p.counts().total()).isZero();
        assertThat(p.ipvs).hasSize(11);
        assertThat(p.ipvs.get(0).state()).isEqualTo("ESTABLISHED");
        assertThat(p.ipvs.get(0).expiresSec()).isEqualTo(14 * 60 + 59);
        assertThat(p.ipvs.get(0).virtual().port()).isEqualTo(80);
        assertThat(p.ipvs).filteredOn(e -> e.state().equals("FIN_WAIT")).hasSize(1);
    }

    @Test
    void mixedPasteWithPromptsIsReadSectionBySection() {
        Parsed p = Parsed.of("mixed/paste-prompts.txt");
        assertThat(p.skips).isEmpty();
        assertCounts(p, Map.of(LISTEN, 1L, TIME_WAIT, 2L, ESTABLISHED, 2L, CLOSE_WAIT, 3L));
        assertThat(p.summary.formats()).containsExactlyInAnyOrder(CaptureFormat.NETSTAT, CaptureFormat.SS);
        assertThat(p.sockets.get(0).owner().name()).isEqualTo("nginx: master");
        assertThat(p.sockets.get(p.sockets.size() - 1).owner().pid()).isEqualTo(2231);
    }

    @Test
    void redactedFieldsInOtherFormatsStillCount() {
        String ss = "State      Recv-Q Send-Q Local Address:Port  Peer Address:Port Process\n"
                + "ESTAB      0      0      10.0.3.15:41006     <peer-ip>          users:((\"java\",pid=2231,fd=88))\n"
                + "CLOSE-WAIT x      0      ***:8080            10.0.3.20:3306\n";
        Parsed p = Parsed.of(ss.getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
        assertThat(p.skips).isEmpty();
        assertCounts(p, Map.of(ESTABLISHED, 1L, CLOSE_WAIT, 1L));
        assertThat(p.sockets.get(0).remote().host()).isEqualTo("<peer-ip>");
        assertThat(p.sockets.get(0).remote().port()).isEqualTo(-1);
        assertThat(p.sockets.get(0).owner().name()).isEqualTo("java");
        assertThat(p.sockets.get(1).recvQ()).isEqualTo(-1);
        String win = "  Proto  Local Address          Foreign Address        State           PID\r\n"
                + "  TCP    192.168.1.23:8080      x.x.x.x:51544          ESTABLISHED     6120\r\n";
        Parsed w = Parsed.of(win.getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
        assertThat(w.sockets).singleElement().satisfies(r -> assertThat(r.remote().port()).isEqualTo(51544));
    }
}
