package io.tcpdoctor.diagnose;

import io.tcpdoctor.observe.HostFacts;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.observe.Needs;
import io.tcpdoctor.observe.Observer;
import io.tcpdoctor.diagnose.rules.Rules;
import io.tcpdoctor.observe.Observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.collect.ConntrackStat;
import io.tcpdoctor.collect.KernelCounters;
import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.testing.TestNetns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Connection tracking in a namespace with a stateful nft rule: closed connections stay in the conntrack table in its
 * own TIME_WAIT (120 s) after the sockets are gone from TIME_WAIT accounting. nf_conntrack_max is read-only inside a
 * namespace (and host-wide), so a full table is shown by lowering the limit in the observed facts only.
 */
class ConntrackNetnsTest {
    @Test
    void closedFlowsStayTrackedAndAFullTableIsCritical() throws Exception {
        try (TestNetns ns = TestNetns.create("td-ct")) {
            ns.run("nft", "add", "table", "inet", "tdct");
            ns.run("nft", "add", "chain", "inet", "tdct", "out", "{ type filter hook output priority 0; }");
            ns.run("nft", "add", "rule", "inet", "tdct", "out", "ct", "state", "new,established", "accept");
            ns.run("python3", "-c", "import socket\ns=socket.socket(); s.bind(('127.0.0.1',7300)); s.listen(64)\n"
                    + "for i in range(40):\n c=socket.create_connection(('127.0.0.1',7300)); a,_=s.accept(); c.close(); a.close()\n");
            // The kernel's own count, read with the sysctl tool.
            long kernelCount = Long.parseLong(ns.sysctl("net.netfilter.nf_conntrack_count"));
            assertThat(kernelCount).isGreaterThanOrEqualTo(40);
            assertThat(ns.sysctl("net.netfilter.nf_conntrack_tcp_timeout_time_wait")).isEqualTo("120");

            Observation obs;
            try (Observer o = Observer.live(ns.name(), Needs.FULL)) {
                obs = o.observe();
            }
            HostFacts h = obs.host();
            assertThat(h.sysctlLong("net.netfilter.nf_conntrack_count").getAsLong()).isBetween(40L, kernelCount + 5);
            assertThat(h.sysctlLong("net.netfilter.nf_conntrack_tcp_timeout_time_wait").getAsLong()).isEqualTo(120);
            // /proc/net/stat/nf_conntrack of the namespace: entries is the table size on every CPU line.
            assertThat(h.counters().get("Conntrack.entries").getAsLong()).isEqualTo(count(h));
            assertThat(h.counters().get("Conntrack.drop").getAsLong()).isZero();
            Engine engine = Rules.engine(Thresholds.DEFAULTS, Messages.forLang("en"));
            // 40 entries of 262144: nothing to report.
            assertThat(engine.run(obs, null).findings()).noneMatch(f -> f.id().equals("conntrack-pressure"));

            // The same observation with the limit at the count and drops during a sample.
            long count = h.sysctlLong("net.netfilter.nf_conntrack_count").getAsLong();
            Map<String, String> sys = new HashMap<>(h.sysctls());
            sys.put("net.netfilter.nf_conntrack_max", Long.toString(count));
            Map<String, Long> c0 = new HashMap<>(h.counters().values());
            Map<String, Long> c1 = new HashMap<>(c0);
            c1.merge("Conntrack.drop", 12L, Long::sum);
            Observation before = new Observation(obs.at().minusSeconds(5), obs.netns(), obs.snapshot(), withFacts(h, sys, c0), obs.source(), obs.live());
            Observation now = new Observation(obs.at(), obs.netns(), obs.snapshot(), withFacts(h, sys, c1), obs.source(), obs.live());
            Finding f = engine.run(now, before).findings().stream().filter(x -> x.id().equals("conntrack-pressure")).findFirst().orElseThrow();
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.evidence()).containsEntry("conntrack_usage_pct", 100.0).containsEntry("conntrack_drop_delta", 12L)
                    .containsEntry("conntrack_time_wait_timeout_s", 120L);
            assertThat(f.explanation()).contains("120 s").contains("not the 60 s of the sockets").contains("dropped 12 flows");
            assertThat(String.join(" ", f.actions().stream().map(Action::text).toList())).contains("nf_conntrack_max");
        }
    }

    @Test
    void perCpuStatLinesAreSummed() throws Exception {
        // Saved from a namespace after 40 closed connections (6.18): hexadecimal, one line per CPU, entries repeated.
        String text = Files.readString(Path.of("src/test/resources/conntrack/stat-nf_conntrack.txt"));
        assertThat(ConntrackStat.parse(text)).containsEntry("Conntrack.entries", 40L).containsEntry("Conntrack.drop", 0L)
                .containsEntry("Conntrack.search_restart", 0L);
        String[] lines = text.split("\n");
        String busy = lines[0] + "\n" + lines[1].replaceFirst("^(\\S+(\\s+\\S+){8})\\s+\\S+\\s+\\S+", "$1 0000002a 00000010")
                + "\n" + lines[2].replaceFirst("^(\\S+(\\s+\\S+){8})\\s+\\S+\\s+\\S+", "$1 00000001 00000005") + "\n";
        assertThat(ConntrackStat.parse(busy)).containsEntry("Conntrack.entries", 40L).containsEntry("Conntrack.drop", 0x15L)
                .containsEntry("Conntrack.insert_failed", 0x2bL);
        assertThat(ConntrackStat.parse("garbage\n1 2 3\n")).isEmpty();
    }

    private static long count(HostFacts h) {
        return h.sysctlLong("net.netfilter.nf_conntrack_count").getAsLong();
    }

    private static HostFacts withFacts(HostFacts h, Map<String, String> sysctls, Map<String, Long> counters) {
        return new HostFacts(sysctls, new KernelCounters(h.counters().takenAt(), counters), h.sockstat(), h.kernel(),
                h.processes(), h.fileNr(), h.origin());
    }

    static List<String> ids(Diagnosis d) {
        return d.findings().stream().map(Finding::id).toList();
    }
}
