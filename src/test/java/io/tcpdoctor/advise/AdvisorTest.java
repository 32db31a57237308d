package io.tcpdoctor.advise;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.collect.KernelCounters;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.TimerKind;
import io.tcpdoctor.observe.Delta;
import io.tcpdoctor.observe.Facts;
import io.tcpdoctor.observe.HostFacts;
import io.tcpdoctor.observe.Observation;
import io.tcpdoctor.ports.PortUsage;
import io.tcpdoctor.sysctl.KnobCatalogue;
import io.tcpdoctor.testing.FactsGuard;
import io.tcpdoctor.testing.SysctlTree;
import io.tcpdoctor.testing.TestNetns;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The advisor's decisions on socket tables and counters built in memory (the namespace tests make the same
 * situations with real sockets): every proposable knob is proposed on evidence and never when its current value is
 * already at or beyond the proposal.
 */
class AdvisorTest {
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    /** A socket table and counters, with the sysctls of a recent kernel at their defaults unless changed. */
    static final class Host {
        final Map<String, String> sysctls = new HashMap<>();
        final List<SocketRecord> sockets = new ArrayList<>();
        final Map<String, Long> counters = new LinkedHashMap<>();

        Host() {
            SysctlTree.MODERN.forEach((k, v) -> sysctls.put(k, v.replaceAll("\\s+", " ")));
        }

        Host set(String key, String value) {
            sysctls.put(key, value);
            return this;
        }

        /**
         * {@code n} outgoing sockets in {@code state} from {@code local} to {@code remote}:80, ports from {@code firstPort}
         * up, timers unknown (as in a capture without a timer column): rates are the TIME_WAIT count / 60 s.
         */
        Host outgoing(String local, String remote, TcpState state, int n, int firstPort) {
            for (int i = 0; i < n; i++) {
                sockets.add(socket(state, local, firstPort + i, remote, 80, 0, 0, -1));
            }
            return this;
        }

        Host listener(int port, long queued, long backlog) {
            sockets.add(socket(TcpState.LISTEN, "0.0.0.0", port, "0.0.0.0", 0, queued, backlog, -1));
            return this;
        }

        Host counter(String key, long v) {
            counters.put(key, v);
            return this;
        }

        Observation observe(Instant at) {
            HostFacts h = new HostFacts(sysctls, new KernelCounters(at, Map.copyOf(counters)), null, null, Map.of(), null, "live");
            return new Observation(at, null, Snapshot.ofRecords(at, "test", sockets, List.of(), null), h, "test", true);
        }
    }

    static SocketRecord socket(TcpState s, String local, int lport, String remote, int rport, long recvQ, long sendQ, long timerMs) {
        try {
            return new SocketRecord(false, s, Endpoint.of(InetAddress.getByName(local), lport),
                    Endpoint.of(InetAddress.getByName(remote), rport), recvQ, sendQ,
                    s == TcpState.TIME_WAIT ? TimerKind.TIMEWAIT : TimerKind.OFF, s == TcpState.TIME_WAIT ? timerMs : -1,
                    0, s == TcpState.TIME_WAIT ? 0 : 1000, s == TcpState.TIME_WAIT ? 0 : 1, null, null, null);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static Advisor.Advice advise(Host h, Role role) {
        return advise(Delta.of(h.observe(T0)), role, "en");
    }

    static Advisor.Advice advise(Delta d, Role role, String lang) {
        Facts f = new Facts(d.now().host());
        return new Advisor(f, Messages.forLang(lang)).advise(role, d, PortUsage.of(d.now().snapshot().sockets(), f.portRange()));
    }

    static List<String> keys(Advisor.Advice a) {
        return a.changes().stream().map(Change::key).toList();
    }

    static Change change(Advisor.Advice a, String key) {
        return a.changes().stream().filter(c -> c.key().equals(key)).findFirst().orElse(null);
    }

    /** 15,000 TIME_WAIT to one remote address: over half of the default range, TIME_WAIT holding them. */
    static Host portPressure(String remote) {
        return new Host().outgoing("10.0.0.1", remote, TcpState.TIME_WAIT, 15_000, 33_000);
    }

    /** One knob: a host on which it is proposed, and current values at or beyond the proposal. */
    record Case(String key, Consumer<Host> trigger, String proposal, List<String> atOrBeyond) {
    }

    static final List<Case> CASES = List.of(
            new Case(KnobCatalogue.SYN_RETRIES, h -> h.set(KnobCatalogue.SYN_RETRIES, "2"), "6", List.of("6", "8")),
            new Case(KnobCatalogue.SYNACK_RETRIES, h -> h.set(KnobCatalogue.SYNACK_RETRIES, "1"), "5", List.of("5", "10")),
            new Case(KnobCatalogue.KEEPALIVE_PROBES, h -> h.set(KnobCatalogue.KEEPALIVE_PROBES, "1"), "9", List.of("9", "20")),
            new Case(KnobCatalogue.SYNCOOKIES, h -> h.set(KnobCatalogue.SYNCOOKIES, "0"), "1", List.of("1", "2")),
            new Case(KnobCatalogue.TIMESTAMPS, h -> h.set(KnobCatalogue.TIMESTAMPS, "0"), "1", List.of("1", "2")),
            // 950 TIME_WAIT of a limit of 1000: near it. Estimated 950/60 closes/s, x 60 s x 2 = 1900.
            new Case(KnobCatalogue.MAX_TW_BUCKETS, h -> h.set(KnobCatalogue.MAX_TW_BUCKETS, "1000")
                    .outgoing("10.0.0.1", "10.0.0.9", TcpState.TIME_WAIT, 950, 40_000), "1900", List.of("1900", "1000000")),
            new Case(KnobCatalogue.SOMAXCONN, h -> h.set(KnobCatalogue.SOMAXCONN, "128").listener(8080, 129, 128)
                    .counter("TcpExt.ListenOverflows", 57), "4096", List.of("4096", "65535")),
            new Case(KnobCatalogue.TW_REUSE, h -> {
                h.set(KnobCatalogue.TW_REUSE, "0");
                h.sockets.addAll(portPressure("10.0.0.2").sockets);
            }, "1", List.of("1")),
            new Case(KnobCatalogue.PORT_RANGE, h -> h.sockets.addAll(portPressure("10.0.0.2").sockets), "15000 65000",
                    List.of("15000 65000", "1024 65535")),
            new Case(KnobCatalogue.RESERVED_PORTS, h -> {
                h.sockets.addAll(portPressure("10.0.0.2").sockets);
                h.listener(20000, 0, 511);
            }, "20000", List.of("20000", "10000-30000", "20000,20001")));

    @Test
    void everyProposableKnobIsProposedOnEvidenceAndNeverWhenAlreadyAtOrBeyond() {
        assertThat(CASES.stream().map(Case::key).toList()).containsExactlyInAnyOrderElementsOf(Advisor.PROPOSABLE);
        for (Case c : CASES) {
            Host h = new Host();
            c.trigger().accept(h);
            Advisor.Advice a = advise(h, Role.PROXY);
            Change ch = change(a, c.key());
            assertThat(ch).as(c.key() + " proposed on its evidence: " + a).isNotNull();
            assertThat(ch.recommended()).as(c.key()).isEqualTo(c.proposal());
            assertThat(ch.finding()).as(c.key()).isNotBlank();
            assertThat(ch.evidence()).as(c.key()).isNotEmpty();
            for (String current : c.atOrBeyond()) {
                Host again = new Host();
                c.trigger().accept(again);
                again.set(c.key(), current);
                Advisor.Advice b = advise(again, Role.PROXY);
                assertThat(keys(b)).as(c.key() + " = " + current + " is already at or beyond " + c.proposal()).doesNotContain(c.key());
            }
            // The guard under every rule: equal or weaker is never stronger.
            assertThat(Advisor.stronger(c.key(), c.proposal(), c.proposal())).as(c.key()).isFalse();
        }
    }

    @Test
    void strongerKnowsEachKnobsDirection() {
        assertThat(Advisor.stronger(KnobCatalogue.TW_REUSE, "2", "1")).isTrue();
        assertThat(Advisor.stronger(KnobCatalogue.TW_REUSE, "0", "2")).isTrue();
        assertThat(Advisor.stronger(KnobCatalogue.TW_REUSE, "1", "2")).isFalse();
        assertThat(Advisor.stronger(KnobCatalogue.SOMAXCONN, "4096", "4096")).isFalse();
        assertThat(Advisor.stronger(KnobCatalogue.SOMAXCONN, "8192", "4096")).isFalse();
        assertThat(Advisor.stronger(KnobCatalogue.PORT_RANGE, "32768 60999", "15000 65000")).isTrue();
        assertThat(Advisor.stronger(KnobCatalogue.PORT_RANGE, "1024 65000", "15000 65000")).isFalse();
        assertThat(Advisor.stronger(KnobCatalogue.RESERVED_PORTS, "", "8080")).isTrue();
        assertThat(Advisor.stronger(KnobCatalogue.RESERVED_PORTS, "8080,9090", "8080")).isFalse();
    }

    @Test
    void twReuseNeedsOutgoingTimeWaitPressureAndSaysWhyNot() {
        // A server: accepted connections only, TIME_WAIT on its own listening port.
        Host server = new Host().listener(8080, 0, 4096);
        for (int i = 0; i < 5000; i++) {
            server.sockets.add(socket(TcpState.TIME_WAIT, "10.0.0.1", 8080, "10.0.1." + (i % 200 + 1), 40000 + i, 0, 0, 30_000));
        }
        Advisor.Advice a = advise(server, Role.SERVER);
        assertThat(keys(a)).doesNotContain(KnobCatalogue.TW_REUSE);
        assertThat(a.skipped()).anySatisfy(s -> {
            assertThat(s.key()).isEqualTo(KnobCatalogue.TW_REUSE);
            assertThat(s.reason()).contains("outgoing connections (connect())").contains("this host opens none");
        });
        // A client with a little outgoing TIME_WAIT: reuse would free nothing that is short.
        Host calm = new Host().outgoing("10.0.0.1", "10.0.0.2", TcpState.TIME_WAIT, 300, 33_000);
        Advisor.Advice b = advise(calm, Role.CLIENT);
        assertThat(keys(b)).doesNotContain(KnobCatalogue.TW_REUSE, KnobCatalogue.PORT_RANGE);
        assertThat(b.skipped()).anySatisfy(s -> assertThat(s.reason()).contains("no outgoing TIME_WAIT pressure")
                .contains("10.0.0.1 -> 10.0.0.2:80").contains("300 port(s)"));
        // Pressure on a loopback destination while tcp_tw_reuse=2: already in effect.
        Advisor.Advice c = advise(new Host().outgoing("127.0.0.1", "127.0.0.1", TcpState.TIME_WAIT, 15_000, 33_000), Role.CLIENT);
        assertThat(keys(c)).doesNotContain(KnobCatalogue.TW_REUSE).contains(KnobCatalogue.PORT_RANGE);
        assertThat(c.skipped()).anySatisfy(s -> assertThat(s.reason()).contains("already in effect"));
        // The same pressure on a remote destination: proposed, with the destination and the numbers it answers.
        Advisor.Advice d = advise(portPressure("10.0.0.2"), Role.CLIENT);
        Change reuse = change(d, KnobCatalogue.TW_REUSE);
        assertThat(reuse.current()).isEqualTo("2");
        assertThat(reuse.finding()).isEqualTo("time-wait-port-exhaustion");
        assertThat(reuse.evidence()).containsEntry("destination", "10.0.0.1 -> 10.0.0.2:80").containsEntry("time_wait", 15_000L)
                .containsEntry("close_rate_measured", false);
        assertThat(reuse.reason()).contains("loopback destinations only");
    }

    @Test
    void maxTwBucketsIsSizedFromTheMeasuredRateIncludingOverflows() {
        // 1000 closes/s for 5 s against a limit of 20000: the table stays full; 333/s still enter TIME_WAIT as old
        // ones expire, the other 667/s are destroyed at once and counted by TCPTimeWaitOverflow.
        Host before = new Host().set(KnobCatalogue.MAX_TW_BUCKETS, "20000").counter("TcpExt.TCPTimeWaitOverflow", 100_000);
        Host now = new Host().set(KnobCatalogue.MAX_TW_BUCKETS, "20000").counter("TcpExt.TCPTimeWaitOverflow", 103_335);
        for (int i = 0; i < 20_000; i++) {
            String remote = "10.1." + (i / 10_000) + ".1";
            int port = 40_000 + i % 10_000;
            before.sockets.add(socket(TcpState.TIME_WAIT, "10.0.0.1", port, remote, 80, 0, 0, 30_000));
            if (i >= 1665) {
                now.sockets.add(socket(TcpState.TIME_WAIT, "10.0.0.1", port, remote, 80, 0, 0, 25_000));
            } else {
                now.sockets.add(socket(TcpState.TIME_WAIT, "10.0.0.1", port, "10.2.0.1", 80, 0, 0, 59_000));
            }
        }
        Delta d = new Delta(before.observe(T0), now.observe(T0.plusSeconds(5)));
        Advisor.Advice a = advise(d, Role.CLIENT, "en");
        Change c = change(a, KnobCatalogue.MAX_TW_BUCKETS);
        assertThat(c).isNotNull();
        // 1000/s x 60 s = 60000 TIME_WAIT at steady state; twice that.
        assertThat(Long.parseLong(c.recommended())).isEqualTo(120_000);
        assertThat(Long.parseLong(c.recommended())).isGreaterThan(1000L * 60);
        assertThat(c.evidence()).containsEntry("close_rate_measured", true).containsEntry("tw_overflow_delta", 3335L)
                .containsEntry("close_rate_per_s", 1000.0).containsEntry("steady_state_time_wait", 60_000L);
        assertThat(c.reason()).contains("measured over 5.0 s").contains("1000.0/s").contains("+3335");
        // Without a sample the full table caps the TIME_WAIT count: no number from it, and told to sample.
        Advisor.Advice e = advise(now, Role.CLIENT);
        assertThat(keys(e)).doesNotContain(KnobCatalogue.MAX_TW_BUCKETS);
        assertThat(e.skipped()).anySatisfy(s -> assertThat(s.reason()).contains("the table is full").contains("lower bound")
                .contains("tcpdoctor tune --sample 10s"));
        // Overflows long ago, far from the limit now: not proposed, and told to sample.
        Host past = new Host().set(KnobCatalogue.MAX_TW_BUCKETS, "20000").counter("TcpExt.TCPTimeWaitOverflow", 5)
                .outgoing("10.0.0.1", "10.0.0.2", TcpState.TIME_WAIT, 100, 33_000);
        Advisor.Advice p = advise(past, Role.CLIENT);
        assertThat(keys(p)).doesNotContain(KnobCatalogue.MAX_TW_BUCKETS);
        assertThat(p.skipped()).anySatisfy(s -> assertThat(s.reason()).contains("since boot").contains("--sample"));
    }

    @Test
    void synBacklogIsNeverTheFix() {
        Host h = new Host().set(KnobCatalogue.SYNCOOKIES, "0").set(KnobCatalogue.MAX_SYN_BACKLOG, "128")
                .counter("TcpExt.TCPReqQFullDrop", 40);
        Advisor.Advice a = advise(h, Role.SERVER);
        assertThat(keys(a)).contains(KnobCatalogue.SYNCOOKIES).doesNotContain(KnobCatalogue.MAX_SYN_BACKLOG);
        assertThat(a.skipped()).anySatisfy(s -> assertThat(s.key()).isEqualTo(KnobCatalogue.MAX_SYN_BACKLOG));
    }

    @Test
    void quietHostHasNothingToFix() {
        Advisor.Advice a = advise(new Host().listener(8080, 0, 4096), Role.SERVER);
        assertThat(a.nothingToFix()).isTrue();
        Host old = new Host().set(KnobCatalogue.SOMAXCONN, "128").listener(8080, 0, 128);
        Advisor.Advice b = advise(old, Role.SERVER);
        assertThat(b.nothingToFix()).isTrue();
        assertThat(b.skipped()).anySatisfy(s -> assertThat(s.key()).isEqualTo(KnobCatalogue.SOMAXCONN));
    }

    @Test
    void recycleIsNeverProposedEvenWhenPresent() {
        for (Role r : Role.values()) {
            Advisor.Advice a = advise(new Host().set(KnobCatalogue.TW_RECYCLE, "1"), r);
            assertThat(keys(a)).doesNotContain(KnobCatalogue.TW_RECYCLE);
            assertThat(a.notes()).anyMatch(n -> n.contains("tcp_tw_recycle is on") && n.contains("NAT"));
        }
    }

    @Test
    void noAdviceEverSetsRecycleOrClaimsFinTimeoutShortensTimeWait() {
        for (String lang : List.of("en", "zh")) {
            for (Role r : Role.values()) {
                Host h = portPressure("10.0.0.2").set(KnobCatalogue.TW_RECYCLE, "1").set(KnobCatalogue.SYN_RETRIES, "1")
                        .set(KnobCatalogue.SOMAXCONN, "10").set(KnobCatalogue.TW_REUSE, "0").set(KnobCatalogue.MAX_TW_BUCKETS, "16000")
                        .listener(8080, 11, 10).counter("TcpExt.ListenOverflows", 5L).counter("TcpExt.TCPReqQFullDrop", 3L);
                Advisor.Advice a = advise(Delta.of(h.observe(T0)), r, lang);
                StringBuilder all = new StringBuilder(String.join("\n", a.notes()));
                a.changes().forEach(c -> all.append('\n').append(c.reason()));
                a.skipped().forEach(s -> all.append('\n').append(s.reason()));
                FactsGuard.check(all.toString());
                assertThat(all.toString()).doesNotContain("!tune").doesNotContain("{0}");
            }
        }
    }

    @Test
    void sysctlsReadsMultiDigitValuesFromTheRealKernel() {
        String expected = TestNetns.exec("sysctl", "-n", KnobCatalogue.PORT_RANGE).strip().replaceAll("\\s+", " ");
        assertThat(new Sysctls().get(KnobCatalogue.PORT_RANGE)).contains(expected);
        assertThat(new Sysctls().getLong(KnobCatalogue.SOMAXCONN).orElseThrow())
                .isEqualTo(Long.parseLong(TestNetns.exec("sysctl", "-n", KnobCatalogue.SOMAXCONN).strip()));
    }
}
