package io.tcpdoctor.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.query.GroupKey;
import io.tcpdoctor.testing.Cli;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

/** The pieces of watch that need no kernel: estimates, history, the compact line, layout, schedule, options. */
class WatchPartsTest {

    @Test
    void etaSaysExhaustedStableOrUnknownUnlessPortsInUseGrowTowardsTheEnd() {
        assertThat(PortClock.eta(190, 190, 190, 5, 5).kind()).isEqualTo(PortClock.Eta.Kind.EXHAUSTED);
        // Not measured yet: no guess.
        assertThat(PortClock.eta(100, 100, 190, Double.NaN, Double.NaN).kind()).isEqualTo(PortClock.Eta.Kind.UNKNOWN);
        // No new connections and no growth.
        assertThat(PortClock.eta(100, 100, 190, 0, 0).kind()).isEqualTo(PortClock.Eta.Kind.STABLE);
        // 1 new/s held 60 s in TIME_WAIT + 10 open = 70 < 28232: stable however fast it grew a moment ago.
        PortClock.Eta fits = PortClock.eta(60, 50, 28232, 1, 1);
        assertThat(fits.kind()).isEqualTo(PortClock.Eta.Kind.STABLE);
        assertThat(fits.steadyPorts()).isEqualTo(70);
        // 100 new/s x 60 s = 6000 > 1000 usable, growing 100/s with 400 free: 4 s.
        PortClock.Eta soon = PortClock.eta(600, 600, 1000, 100, 100);
        assertThat(soon.kind()).isEqualTo(PortClock.Eta.Kind.SECONDS);
        assertThat(soon.seconds()).isEqualTo(4.0);
        // The steady state does not fit but ports in use did not grow: the measurements disagree.
        assertThat(PortClock.eta(600, 600, 1000, 100, 0).kind()).isEqualTo(PortClock.Eta.Kind.UNKNOWN);
        // Without TIME_WAIT here (the peer closes first) ports come back at close: only growth counts.
        assertThat(PortClock.eta(100, 0, 28232, 500, 0).kind()).isEqualTo(PortClock.Eta.Kind.STABLE);
    }

    private static StateCounts counts(long est, long tw) {
        StateCounts c = new StateCounts();
        c.add(TcpState.ESTABLISHED, est);
        c.add(TcpState.TIME_WAIT, tw);
        return c;
    }

    private static Frame frame(History h, StateCounts now, Instant at) {
        return new Frame(at, "live netlink", Duration.ofSeconds(1), now, h, GroupKey.PEER, null, List.of(), List.of(),
                null, null, false, List.of());
    }

    @Test
    void compactLineHasCountsChangesAndRates() {
        History h = new History(10);
        Instant t0 = Instant.parse("2026-12-01T21:00:00.250Z");
        h.add(t0, counts(900, 300));
        assertThat(LogLine.of(frame(h, counts(900, 300), t0))).isEqualTo("2026-12-01T21:00:00Z total=1200 ESTABLISHED=900 TIME_WAIT=300");
        StateCounts now = counts(900, 324);
        Instant t1 = t0.plusMillis(2000);
        h.add(t1, now);
        assertThat(LogLine.of(frame(h, now, t1)))
                .isEqualTo("2026-12-01T21:00:02Z total=1224(+24) ESTABLISHED=900 TIME_WAIT=324(+24,+12.0/s)");
        StateCounts gone = counts(0, 324);
        h.add(t1.plusSeconds(1), gone);
        assertThat(LogLine.of(frame(h, gone, t1.plusSeconds(1))))
                .isEqualTo("2026-12-01T21:00:03Z total=324(-900) ESTABLISHED=0(-900,-900.0/s) TIME_WAIT=324");
    }

    @Test
    void historyKeepsTheNewestAndStatesSeenInTheWindowKeepTheirRow() {
        History h = new History(3);
        Instant t = Instant.EPOCH;
        for (int i = 1; i <= 5; i++) {
            h.add(t.plusSeconds(i), counts(i, i == 3 ? 1 : 0));
        }
        assertThat(h.series(TcpState.ESTABLISHED, 10)).containsExactly(3, 4, 5);
        assertThat(h.seen(TcpState.TIME_WAIT)).isTrue();
        h.add(t.plusSeconds(6), counts(6, 0));
        assertThat(h.seen(TcpState.TIME_WAIT)).isFalse();
        assertThat(h.rate(TcpState.ESTABLISHED)).isEqualTo(1.0);
    }

    @Test
    void screenFitsAnySizeAndSparklinesScaleToTheWindow() {
        History h = new History(50);
        Instant t = Instant.parse("2026-12-01T21:00:00Z");
        for (int i = 0; i < 30; i++) {
            h.add(t.plusSeconds(i), counts(100 + i, i % 2 == 0 ? 5 : 0));
        }
        Frame f = frame(h, counts(129, 0), t.plusSeconds(29));
        for (int[] size : new int[][] {{120, 40}, {80, 24}, {40, 10}, {20, 3}}) {
            List<AttributedString> lines = new Screen(true).render(f, size[0], size[1]);
            assertThat(lines.size()).isLessThanOrEqualTo(size[1]);
            assertThat(lines).allMatch(l -> l.columnLength() <= size[0]);
            assertThat(lines.getFirst().toString()).contains("q: quit");
        }
        assertThat(new Screen(true).spark(new long[] {0, 7, 14})).isEqualTo("▁▄█");
        assertThat(new Screen(false).spark(new long[] {3, 3})).isEqualTo("__");
    }

    @Test
    void recordsAreReadAgainOnlyWhenTheirCostFitsTheBudget() {
        RecordSchedule s = new RecordSchedule(0.10);
        assertThat(s.due(0)).isTrue();
        s.done(0, 2_000_000_000L);                 // the cold first read does not count
        assertThat(s.due(1_000_000_000L)).isTrue();
        s.done(1_000_000_000L, 300_000_000L);      // 300 ms: next one 3 s later
        assertThat(s.due(2_000_000_000L)).isFalse();
        assertThat(s.due(3_900_000_000L)).isFalse();
        assertThat(s.due(4_000_000_000L)).isTrue();
    }

    @Test
    void badOptionsAreUsageErrorsAndAMissingNamespaceIsUnavailable() {
        Cli.Result r = Cli.run("watch", "--interval", "soon");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).startsWith("tcpdoctor: --interval: bad duration 'soon'");
        r = Cli.run("watch", "--interval", "10ms");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        r = Cli.run("watch", "--by", "user");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("peer, local-port, remote-port or process");
        r = Cli.run("watch", "-N", "td-no-such-namespace", "--count", "1");
        assertThat(r.code()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(r.err()).startsWith("tcpdoctor: network namespace 'td-no-such-namespace' not found").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }
}
