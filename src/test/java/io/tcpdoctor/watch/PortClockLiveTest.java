package io.tcpdoctor.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.diagnose.Thresholds;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.query.GroupKey;
import io.tcpdoctor.testing.PortChurn;
import io.tcpdoctor.testing.TestNetns;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Time to port exhaustion against the real thing: in a namespace with 190 usable ports (200 minus 10 reserved)
 * and TIME_WAIT reuse off, a client opens and closes 20 connections a second to one destination until connect()
 * fails. The estimate made two seconds in must be close to when the kernel actually ran out, and once it has,
 * the destination must show as exhausted.
 */
class PortClockLiveTest {

    @Test
    void estimateMatchesWhenConnectStartsFailing() throws Exception {
        try (TestNetns ns = TestNetns.create("td-clock")) {
            ns.setSysctls("net.ipv4.ip_local_port_range=40000 40199", "net.ipv4.ip_local_reserved_ports=40000-40009",
                    "net.ipv4.tcp_tw_reuse=0");
            var source = new LiveWatchSource(LiveSnapshots.Kind.AUTO, ns.name(),
                    Thresholds.DEFAULTS, Messages.forLang("en"));
            // Budget 1: records on every refresh, as at small sizes. The first (cold) read happens before the churn.
            Watcher w = new Watcher(source, Duration.ofSeconds(1), GroupKey.PEER, new RecordSchedule(1.0), Runnable::run);
            w.refresh();
            Process churn = ns.startJava(PortChurn.class, "127.0.0.4", "5000", "20", "40");
            TestNetns.awaitReady(churn, 60_000);
            BufferedReader lines = new BufferedReader(new InputStreamReader(churn.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<Long> exhaustedAt = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String l; (l = lines.readLine()) != null; ) {
                        if (l.startsWith("EXHAUSTED")) {
                            return System.currentTimeMillis();
                        }
                    }
                } catch (java.io.IOException e) {
                    // child gone
                }
                return -1L;
            });
            Thread.sleep(1000);
            w.refresh();
            Thread.sleep(1000);
            Frame f = w.refresh();
            long estimatedAt = f.detailAt().toEpochMilli();
            PortClock.Row d = destination(f);
            assertThat(d.usable()).isEqualTo(190);
            assertThat(d.timeWait()).isPositive();
            assertThat(d.newPerSecond()).as("%s", d).isBetween(5.0, 30.0);
            assertThat(d.eta().kind()).as("%s", d).isEqualTo(PortClock.Eta.Kind.SECONDS);
            assertThat(d.eta().steadyPorts()).as("%s", d).isGreaterThan(190);

            long end = exhaustedAt.get(40, TimeUnit.SECONDS);
            assertThat(end).as("the churn ran out of ports").isPositive();
            double actual = (end - estimatedAt) / 1e3;
            double estimated = d.eta().seconds();
            // Rate and growth measured over one second on a shared machine: within a factor of two either way.
            assertThat(estimated).as("estimated %.1f s, ran out after %.1f s (%s)", estimated, actual, d)
                    .isBetween(actual / 2 - 0.5, actual * 2 + 0.5);

            Frame after = w.refresh();
            PortClock.Row done = destination(after);
            assertThat(done.eta().kind()).as("%s", done).isEqualTo(PortClock.Eta.Kind.EXHAUSTED);
            assertThat(Screen.timeLeft(done)).startsWith("exhausted");
            source.close();
        }
    }

    private static PortClock.Row destination(Frame f) {
        return f.destinations().stream().filter(x -> x.label().endsWith(" -> 127.0.0.4:5000")).findFirst()
                .orElseThrow(() -> new AssertionError("no destination 127.0.0.4:5000 in " + f.destinations()));
    }
}
