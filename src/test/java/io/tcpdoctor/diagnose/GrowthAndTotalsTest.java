package io.tcpdoctor.diagnose;

import io.tcpdoctor.observe.HostFacts;
import io.tcpdoctor.observe.Observation;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.collect.ProcessFiles;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CLOSE_WAIT growth between two observations, and sources that have totals only. */
class GrowthAndTotalsTest {
    static final Owner JAVA = new Owner(4242, "java");

    /** The web-server dump with its CLOSE_WAIT sockets owned by one java process, keeping only the first {@code keep}. */
    static Snapshot leaking(int keep, Duration later) {
        Snapshot base = ProcDumps.snapshot("web-server.tcp");
        List<SocketRecord> rows = new ArrayList<>();
        int cw = 0;
        for (SocketRecord r : base.sockets()) {
            if (r.state() == TcpState.CLOSE_WAIT) {
                if (cw++ >= keep) {
                    continue;
                }
                r = r.withOwner(JAVA);
            }
            rows.add(r);
        }
        return Snapshot.ofRecords(base.takenAt().plus(later), base.source(), rows, List.of(), null);
    }

    @Test
    void aGrowingLeakIsCriticalBeforeTheLimitIsNear() {
        HostFacts host = new HostFacts(Map.of(), null, null, null, Map.of(4242, new ProcessFiles(4242, "java", 400, 1024, 4096)), null, "live");
        Observation before = Observation.of(leaking(100, Duration.ZERO), host);
        Observation now = Observation.of(leaking(150, Duration.ofSeconds(5)), host);
        Diagnosis d = new Engine(Thresholds.DEFAULTS, Messages.forLang("en")).run(now, before);
        Finding f = d.findings().stream().filter(x -> x.id().equals("close-wait-leak")).findFirst().orElseThrow();
        assertThat(f.process()).isEqualTo(JAVA);
        assertThat(f.evidence()).containsEntry("close_wait", 150L).containsEntry("growth", 50L).containsEntry("growth_per_s", 10.0)
                .containsEntry("fd_headroom", 624L).containsEntry("fd_usage_pct", 39.1);
        // 624 descriptors left at 10 a second: about a minute.
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.explanation()).contains("grows by 10/s").contains("about 62 s");
        assertThat(f.actions()).anyMatch(a -> a.text().contains("jcmd 4242 Thread.print"));

        // The same count without growth is a leak, not yet an emergency.
        Diagnosis steady = new Engine(Thresholds.DEFAULTS, Messages.forLang("en"))
                .run(Observation.of(leaking(150, Duration.ofSeconds(5)), host), Observation.of(leaking(150, Duration.ZERO), host));
        assertThat(steady.findings()).filteredOn(x -> x.id().equals("close-wait-leak")).singleElement()
                .satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.WARNING));
    }

    @Test
    void totalsOnlyTableStillGivesTheCloseRateAndThePileUps() {
        // The per-state table of a pasted "netstat -an | awk ... | sort | uniq -c" report.
        StateCounts c = new StateCounts();
        c.add(TcpState.CLOSING, 16);
        c.add(TcpState.ESTABLISHED, 130);
        c.add(TcpState.FIN_WAIT1, 298);
        c.add(TcpState.FIN_WAIT2, 13);
        c.add(TcpState.LAST_ACK, 9);
        c.add(TcpState.LISTEN, 7);
        c.add(TcpState.SYN_RECV, 103);
        c.add(TcpState.TIME_WAIT, 5204);
        Snapshot snap = Snapshot.ofCounts(java.time.Instant.parse("2026-11-20T03:14:00Z"), "uniq -c table", c, List.of());
        Diagnosis d = new Engine(Thresholds.DEFAULTS, Messages.forLang("en")).run(Observation.of(snap, HostFacts.none()), null);
        Finding tw = d.findings().stream().filter(x -> x.id().equals("time-wait-pressure")).findFirst().orElseThrow();
        assertThat(tw.evidence()).containsEntry("time_wait", 5204L).containsEntry("close_rate_per_s", 86.7);
        assertThat(tw.explanation()).contains("fixed 60 s").contains("86.7 connections closed per second");
        Finding fins = d.findings().stream().filter(x -> x.id().equals("unanswered-fin-pileup")).findFirst().orElseThrow();
        assertThat(fins.evidence()).containsEntry("fin_wait1", 298L).containsEntry("closing", 16L).containsEntry("last_ack", 9L)
                .doesNotContainKey("top_peers");
        assertThat(d.assumptions()).containsExactly(
                "the source has per-state totals only: rules that group sockets by process, peer or port were skipped",
                "assumed default net.ipv4.tcp_orphan_retries = 0 (the source has no host facts; pass --sysctl FILE with the real values)");
        assertThat(d.status()).isEqualTo(Severity.WARNING);
    }
}
