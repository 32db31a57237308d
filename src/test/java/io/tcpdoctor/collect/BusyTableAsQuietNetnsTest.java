package io.tcpdoctor.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tcpdoctor.testing.Population;
import io.tcpdoctor.testing.TestNetns;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The start-up cache's training reads a table too big for /proc's quiet path as if it were small and quiet
 * ({@link LiveSnapshots#asIfSmallAndQuiet}), so that a cache recorded on a busy host holds that path too; what it
 * reads must still be the table netlink sees. A namespace made here holds more sockets than
 * {@link LiveSnapshots#PROC_RECORDS_LIMIT} and a CLOSE_WAIT (which makes a table with tcp_info asked for loud).
 */
class BusyTableAsQuietNetnsTest {
    @Test
    void aBusyLoudTableIsReadFromProcAsIfQuietAndMatchesNetlink() throws Exception {
        assumeTrue(TestNetns.available(), "needs root for network namespaces");
        try (TestNetns ns = TestNetns.create("td-busy")) {
            int pairs = (int) (LiveSnapshots.PROC_RECORDS_LIMIT / 2 + 50);
            Process child = ns.startJava(Population.class, Integer.toString(pairs), "0", "1");
            String pid = TestNetns.awaitReady(child, 120_000).split(" ")[1];

            List<String> auto = QuietTableNetnsTest.snapshot(ns, "auto", true);
            List<String> asIfQuiet = QuietTableNetnsTest.snapshot(ns, "auto", true, "as-if-quiet");
            List<String> netlink = QuietTableNetnsTest.snapshot(ns, "netlink", true);
            assertThat(auto.getFirst()).as("a table of more than the limit").isEqualTo("SOURCE live netlink");
            assertThat(asIfQuiet.getFirst()).isEqualTo("SOURCE live proc");
            assertThat(asIfQuiet.size() - 2).isGreaterThan((int) LiveSnapshots.PROC_RECORDS_LIMIT);
            // The same rows, owners and queues both ways (a listener's backlog, which /proc lacks, written "-").
            assertThat(asIfQuiet.subList(2, asIfQuiet.size())).isEqualTo(netlink.subList(2, netlink.size()));
            assertThat(asIfQuiet).anyMatch(l -> l.startsWith("CLOSE_WAIT ") && l.endsWith(" " + pid));
        }
    }
}
