package io.tcpdoctor.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.diagnose.Thresholds;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.testing.Population;
import io.tcpdoctor.testing.TestNetns;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A sample that runs out of heap is a counted, reported failure and the schedule goes on: left to propagate, the
 * error would end the scheduled task silently and the exporter would serve its last sample for ever.
 */
class MonitorOutOfMemoryTest {

    @Test
    void aSampleOutOfHeapIsReportedAndSamplingGoesOn() throws Exception {
        assumeTrue(TestNetns.available(), "needs root for network namespaces");
        try (TestNetns ns = TestNetns.create("td-moom")) {
            TestNetns.awaitReady(ns.startJava(Population.class, "3", "0", "2"), 60_000);
            LiveObservations live = new LiveObservations(LiveSnapshots.Kind.AUTO, ns.name(), Duration.ZERO,
                    Thresholds.DEFAULTS, Messages.forLang("en"));
            AtomicInteger calls = new AtomicInteger();
            // The real namespace observed every time except the third, which fails as a full heap would.
            Observations flaky = new Observations() {
                @Override
                public String netns() {
                    return live.netns();
                }

                @Override
                public Reading next() {
                    if (calls.incrementAndGet() == 3) {
                        throw new OutOfMemoryError("Java heap space");
                    }
                    return live.next();
                }
            };
            try (Monitor m = new Monitor(flaky, Duration.ofMillis(200), 10, Redactor.of(false))) {
                m.sampleNow();
                m.start();
                long end = System.currentTimeMillis() + 30_000;
                while (calls.get() < 6 && System.currentTimeMillis() < end) {
                    Thread.sleep(50);
                }
                assertThat(calls.get()).as("samples after the failed one").isGreaterThanOrEqualTo(6);
                assertThat(m.failures()).isEqualTo(1);
                assertThat(m.lastError()).as("cleared by the next good sample").isNull();
                assertThat(m.latest().generation()).isGreaterThanOrEqualTo(4);
                assertThat(m.latest().view().states().get(io.tcpdoctor.model.TcpState.CLOSE_WAIT)).isEqualTo(2);
            }
            live.close();
        }
    }
}
