package io.tcpdoctor.advise;

import io.tcpdoctor.sysctl.KnobCatalogue;
import io.tcpdoctor.testing.FactsGuard;
import io.tcpdoctor.testing.SysctlTree;
import io.tcpdoctor.testing.TestNetns;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.collect.KernelCounters;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.observe.Facts;
import io.tcpdoctor.observe.HostFacts;
import io.tcpdoctor.i18n.Messages;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdvisorTest {
    @TempDir
    Path tmp;

    int trees;

    private Advisor.Advice advise(Map<String, String> tree, Role role, RoleDetector.Evidence ev, KernelCounters c) {
        return new Advisor(new Facts(HostFacts.ofLiveSysctls(new Sysctls(SysctlTree.write(tmp.resolve("sys" + trees++), tree)))), Messages.forLang("en")).advise(role, ev, c);
    }

    private static List<String> keys(Advisor.Advice a) {
        return a.changes().stream().map(Change::key).toList();
    }

    @Test
    void defaultsOnAModernKernelNeedOnlyTwReuseForAClient() {
        Advisor.Advice a = advise(SysctlTree.MODERN, Role.CLIENT, null, null);
        assertThat(keys(a)).containsExactly(KnobCatalogue.TW_REUSE);
        Change c = a.changes().get(0);
        assertThat(c.current()).isEqualTo("2");
        assertThat(c.recommended()).isEqualTo("1");
        assertThat(c.reason()).contains("outgoing").contains("tcp_timestamps");
        assertThat(advise(SysctlTree.MODERN, Role.SERVER, null, null).changes()).isEmpty();
    }

    @Test
    void serverNeverGetsTwReuseAndIsToldWhy() {
        Map<String, String> t = new HashMap<>(SysctlTree.MODERN);
        t.put(KnobCatalogue.SOMAXCONN, "128");
        t.put(KnobCatalogue.TW_REUSE, "0");
        Advisor.Advice a = advise(t, Role.SERVER, null, null);
        assertThat(keys(a)).containsExactly(KnobCatalogue.SOMAXCONN);
        assertThat(a.changes().get(0).recommended()).isEqualTo("4096");
        assertThat(a.notes()).anyMatch(n -> n.contains("tcp_tw_reuse is not proposed"));
    }

    @Test
    void absentKnobsAreNeverProposed() {
        Map<String, String> t = new HashMap<>(SysctlTree.MODERN);
        t.remove(KnobCatalogue.TW_REUSE);
        t.remove(KnobCatalogue.SOMAXCONN);
        t.put(KnobCatalogue.MAX_SYN_BACKLOG, "128");
        KernelCounters drops = new KernelCounters(Instant.now(), Map.of("TcpExt.ListenDrops", 7L));
        Advisor.Advice a = advise(t, Role.PROXY, null, drops);
        assertThat(keys(a)).containsExactly(KnobCatalogue.MAX_SYN_BACKLOG);
        // Without any sign of a full SYN queue, a small tcp_max_syn_backlog is left alone.
        assertThat(advise(t, Role.PROXY, null, null).changes()).isEmpty();
    }

    @Test
    void riskyCopiedValuesGoBackToDefaults() {
        Map<String, String> t = new HashMap<>(SysctlTree.MODERN);
        t.put(KnobCatalogue.SYN_RETRIES, "2");
        t.put(KnobCatalogue.KEEPALIVE_PROBES, "1");
        t.put(KnobCatalogue.SYNCOOKIES, "0");
        t.put(KnobCatalogue.TIMESTAMPS, "0");
        t.put(KnobCatalogue.FIN_TIMEOUT, "10");
        Advisor.Advice a = advise(t, Role.UNKNOWN, null, null);
        assertThat(a.changes()).extracting(Change::key, Change::recommended).containsExactly(
                org.assertj.core.groups.Tuple.tuple(KnobCatalogue.SYN_RETRIES, "6"),
                org.assertj.core.groups.Tuple.tuple(KnobCatalogue.KEEPALIVE_PROBES, "9"),
                org.assertj.core.groups.Tuple.tuple(KnobCatalogue.SYNCOOKIES, "1"),
                org.assertj.core.groups.Tuple.tuple(KnobCatalogue.TIMESTAMPS, "1"));
    }

    @Test
    void recycleIsNeverProposedEvenWhenPresent() {
        Map<String, String> t = new HashMap<>(SysctlTree.MODERN);
        t.put(KnobCatalogue.TW_RECYCLE, "1");
        for (Role r : Role.values()) {
            Advisor.Advice a = advise(t, r, null, null);
            assertThat(keys(a)).doesNotContain(KnobCatalogue.TW_RECYCLE);
            assertThat(a.notes()).anyMatch(n -> n.contains("tcp_tw_recycle is on") && n.contains("NAT"));
        }
    }

    @Test
    void overflowCounterRaisesTwBuckets() {
        KernelCounters c = new KernelCounters(Instant.now(), Map.of("TcpExt.TCPTimeWaitOverflow", 1234L));
        Advisor.Advice a = advise(SysctlTree.MODERN, Role.SERVER, null, c);
        assertThat(a.changes()).singleElement().satisfies(ch -> {
            assertThat(ch.key()).isEqualTo(KnobCatalogue.MAX_TW_BUCKETS);
            assertThat(ch.recommended()).isEqualTo("524288");
            assertThat(ch.reason()).contains("1234");
        });
    }

    @Test
    void portPressureWidensTheRangeAndReservesListenersInIt() {
        RoleDetector.Evidence ev = new RoleDetector.Evidence(Role.PROXY, 2, 10, 20000, 19000,
                "10.0.0.1 -> 10.0.0.2:3306", 20000, Set.of(8080, 22, 20000));
        Advisor.Advice a = advise(SysctlTree.MODERN, Role.PROXY, ev, null);
        assertThat(a.changes()).extracting(Change::key, Change::recommended).contains(
                org.assertj.core.groups.Tuple.tuple(KnobCatalogue.PORT_RANGE, "15000 65000"),
                org.assertj.core.groups.Tuple.tuple(KnobCatalogue.RESERVED_PORTS, "20000"));
        Map<String, String> narrow = new HashMap<>(SysctlTree.MODERN);
        narrow.put(KnobCatalogue.PORT_RANGE, "40000 50000");
        Advisor.Advice b = advise(narrow, Role.CLIENT, null, null);
        assertThat(b.changes()).extracting(Change::key, Change::recommended)
                .contains(org.assertj.core.groups.Tuple.tuple(KnobCatalogue.PORT_RANGE, "32768 60999"));
    }

    @Test
    void noAdviceEverSetsRecycleOrClaimsFinTimeoutShortensTimeWait() {
        Map<String, String> t = new HashMap<>(SysctlTree.MODERN);
        t.put(KnobCatalogue.TW_RECYCLE, "1");
        t.put(KnobCatalogue.SYN_RETRIES, "1");
        t.put(KnobCatalogue.SOMAXCONN, "10");
        for (String lang : List.of("en", "zh")) {
            for (Role r : Role.values()) {
                Advisor.Advice a = new Advisor(new Facts(HostFacts.ofLiveSysctls(new Sysctls(SysctlTree.write(tmp, t)))), Messages.forLang(lang))
                        .advise(r, null, new KernelCounters(Instant.now(), Map.of("TcpExt.ListenOverflows", 5L)));
                String all = String.join("\n", a.notes()) + a.changes();
                FactsGuard.check(all);
                assertThat(all).doesNotContain("!");
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
