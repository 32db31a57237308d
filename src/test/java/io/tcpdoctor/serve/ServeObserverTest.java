package io.tcpdoctor.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.observe.Observation;
import io.tcpdoctor.testing.Population;
import io.tcpdoctor.testing.TestNetns;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exporter's observer in a namespace it makes: owners from the last scan between scans, never tcp_info. */
class ServeObserverTest {

    static List<SocketRecord> closeWait(Observation o) {
        return o.snapshot().sockets().stream().filter(r -> r.state() == TcpState.CLOSE_WAIT).toList();
    }

    static long ownedByJava(List<SocketRecord> sockets) {
        return sockets.stream().filter(r -> r.owner() != null && "java".equals(r.owner().name())).count();
    }

    @Test
    void keepsTheLastScansOwnersAndScansOnlyWhenDue() throws Exception {
        assumeTrue(TestNetns.available(), "needs root for network namespaces");
        try (TestNetns ns = TestNetns.create("td-sobs");
                ServeObserver slow = new ServeObserver(LiveSnapshots.Kind.AUTO, ns.name(), Duration.ofHours(1));
                ServeObserver every = new ServeObserver(LiveSnapshots.Kind.AUTO, ns.name(), Duration.ZERO)) {
            TestNetns.awaitReady(ns.startJava(Population.class, "3", "0", "7"), 60_000);
            Observation first = slow.observe();
            assertThat(first.snapshot().owners()).as("the first sample scans owners").isNotNull();
            assertThat(ownedByJava(closeWait(first))).isEqualTo(7);
            assertThat(first.host().live()).isTrue();
            assertThat(first.snapshot().sockets()).allMatch(r -> r.info() == null);

            TestNetns.awaitReady(ns.startJava(Population.class, "0", "0", "5"), 60_000);
            Observation second = slow.observe();
            List<SocketRecord> cw = closeWait(second);
            assertThat(second.snapshot().owners()).as("no scan within the owner interval").isNull();
            assertThat(cw).hasSize(12);
            // The 7 sockets seen at the scan keep their owner; the 5 opened since are unknown until the next scan.
            assertThat(ownedByJava(cw)).isEqualTo(7);
            assertThat(cw.stream().filter(r -> r.owner() == null && !r.ownerless()).count()).isEqualTo(5);
            assertThat(second.snapshot().sockets()).allMatch(r -> r.info() == null);
            assertThat(second.host().counters()).isNotNull();

            Observation scanned = every.observe();
            assertThat(ownedByJava(closeWait(scanned))).isEqualTo(12);
            assertThat(ownedByJava(closeWait(every.observe()))).isEqualTo(12);
        }
    }
}
