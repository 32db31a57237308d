package io.tcpdoctor.diagnose;

import io.tcpdoctor.model.Severity;
import io.tcpdoctor.render.ReportWriter;
import io.tcpdoctor.diagnose.rules.Rules;
import io.tcpdoctor.observe.HostFacts;
import io.tcpdoctor.observe.Observation;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.collect.FileNr;
import io.tcpdoctor.collect.KernelCounters;
import io.tcpdoctor.collect.KernelVersion;
import io.tcpdoctor.collect.ProcessFiles;
import io.tcpdoctor.collect.SockStat;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SocketRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Two observations of a stressed proxy, built from saved kernel files (/proc/net/tcp, netstat, snmp, sockstat
 * text) 5 s apart: the rules that need counters, sockstat and limits fire, and every finding renders in English
 * and Chinese without a missing key.
 */
class RuleCoverageTest {
    static final Instant T0 = Instant.parse("2026-11-20T03:14:00Z");

    static Observation observation(Instant at, String netstat, boolean after) {
        Snapshot dump = ProcDumps.snapshot("proxy-unanswered-fins.tcp", "web-server.tcp");
        // The same sockets 5 s apart: every timer had 5 s more to run before (a restarted TIME_WAIT timer is a new close).
        long more = after ? 0 : 5000;
        Snapshot snap = Snapshot.ofRecords(dump.takenAt(), dump.source(), dump.sockets().stream().map(r -> r.timerMs() < 0 ? r
                : new SocketRecord(r.ipv6(), r.state(), r.local(), r.remote(), r.recvQ(), r.sendQ(), r.timer(),
                        r.timerMs() + more, r.retrans(), r.uid(), r.inode(), r.user(), r.owner(), r.info())).toList(),
                List.of(), null);
        Map<String, Long> counters = new LinkedHashMap<>(KernelCounters.parse(ProcDumps.read("snmp-before.txt")));
        counters.putAll(KernelCounters.parse(ProcDumps.read(netstat)));
        Map<String, String> sysctls = new HashMap<>();
        sysctls.put("net.ipv4.tcp_max_orphans", "4096");
        sysctls.put("net.ipv4.tcp_mem", "1000 2000 3000");
        sysctls.put("net.ipv4.tcp_max_tw_buckets", "3500");
        sysctls.put("net.ipv4.tcp_orphan_retries", "0");
        sysctls.put("net.ipv4.tcp_fin_timeout", "60");
        sysctls.put("net.ipv4.tcp_syncookies", "1");
        sysctls.put("net.ipv4.tcp_tw_recycle", "1");
        sysctls.put("net.ipv4.tcp_timestamps", "0");
        sysctls.put("net.ipv4.tcp_tw_reuse", "1");
        SockStat sockstat = SockStat.parse("sockets: used 9000\nTCP: inuse 4200 orphan " + (after ? 3900 : 3800)
                + " tw 3400 alloc 4300 mem 3100\nUDP: inuse 3 mem 1\n");
        Map<Integer, ProcessFiles> procs = Map.of(4242, new ProcessFiles(4242, "squid", 970, 1024, 4096));
        HostFacts host = new HostFacts(sysctls, new KernelCounters(at, counters), sockstat, KernelVersion.parse("4.9.0-13-amd64"),
                procs, new FileNr(96000, 0, 100000), "live");
        return new Observation(at, null, snap, host, snap.source(), host.live());
    }

    static Diagnosis run(String lang) {
        Observation before = observation(T0, "netstat-before.txt", false);
        Observation now = observation(T0.plus(Duration.ofSeconds(5)), "netstat-after.txt", true);
        return Rules.engine(Thresholds.DEFAULTS, Messages.forLang(lang)).run(now, before);
    }

    private static Finding only(Diagnosis d, String id) {
        List<Finding> f = d.findings().stream().filter(x -> x.id().equals(id)).toList();
        assertThat(f).as(id).hasSize(1);
        return f.getFirst();
    }

    @Test
    void countersSockstatAndLimitsDriveTheirRules() {
        Diagnosis d = run("en");
        assertThat(d.sampleSeconds()).isEqualTo(5.0);
        Finding tw = only(d, "time-wait-bucket-overflow");
        assertThat(tw.severity()).isEqualTo(Severity.WARNING);
        assertThat(tw.evidence()).containsEntry("time_wait", 3350L).containsEntry("tcp_max_tw_buckets", 3500L)
                .containsEntry("tw_overflow_delta", 50L);
        Finding fins = only(d, "unanswered-fin-pileup");
        assertThat(fins.evidence()).containsEntry("fin_wait1", 150L).containsEntry("last_ack", 80L).containsEntry("closing", 5L)
                .containsEntry("tcp_orphan_retries", 0L);
        assertThat((String) fins.evidence().get("top_peers")).startsWith("10.9.8.7 x155");
        Finding orphans = only(d, "orphan-pileup");
        assertThat(orphans.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(orphans.evidence()).containsEntry("orphans", 3900L).containsEntry("orphan_usage_pct", 95.2)
                .containsEntry("abort_on_memory_delta", 3L);
        Finding mem = only(d, "tcp-memory-pressure");
        assertThat(mem.severity()).isEqualTo(Severity.CRITICAL);
        List<Finding> fd = d.findings().stream().filter(x -> x.id().equals("fd-limit")).toList();
        assertThat(fd).extracting(Finding::severity).containsExactly(Severity.CRITICAL, Severity.WARNING);
        assertThat(fd.get(1).process().pid()).isEqualTo(4242);
        assertThat(fd.get(1).evidence()).containsEntry("fd_headroom", 54L).containsEntry("fd_usage_pct", 94.7);
        assertThat(fd.get(0).evidence()).containsEntry("usage_pct", 96.0);
        Finding accept = only(d, "accept-queue-overflow");
        assertThat(accept.local()).isNull();
        assertThat(accept.evidence()).containsEntry("listen_overflows_delta", 10L);
        // On 4.9 tcp_tw_recycle still exists and is active.
        assertThat(only(d, "tw-recycle-set").severity()).isEqualTo(Severity.CRITICAL);
        assertThat(only(d, "timestamps-off").severity()).isEqualTo(Severity.WARNING);
        // With a sample the close rate is measured from new TIME_WAIT sockets (none: the same dump twice); the
        // counters saw no TIME_WAIT created either, so the tracking itself is the source.
        Finding server = d.findings().stream()
                .filter(x -> x.id().equals("time-wait-pressure") && Integer.valueOf(3128).equals(x.evidence().get("local_port")))
                .findFirst().orElseThrow();
        assertThat(server.evidence()).containsEntry("close_rate_source", "socket-tracking").containsEntry("close_rate_per_s", 0.0);
        assertThat(d.findings()).extracting(f -> f.severity().ordinal()).isSorted();
    }

    @Test
    void everyFindingRendersInBothLanguagesWithoutMissingKeys() {
        Set<String> ids = new TreeSet<>();
        for (String lang : List.of("en", "zh")) {
            Diagnosis d = run(lang);
            Messages msg = Messages.forLang(lang);
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            PrintWriter out = new PrintWriter(buf, true, StandardCharsets.UTF_8);
            ReportWriter w = new ReportWriter(msg);
            w.text(out, d);
            w.csv(out, d);
            String text = buf.toString(StandardCharsets.UTF_8) + w.json(d);
            assertThat(text).doesNotContainPattern("![a-z][\\w.-]*!").doesNotContainPattern("\\{\\d");
            for (Finding f : d.findings()) {
                ids.add(f.id());
                if (lang.equals("zh")) {
                    assertThat(f.title()).containsPattern("\\p{IsHan}");
                    assertThat(f.explanation()).containsPattern("\\p{IsHan}");
                    f.actions().forEach(a -> assertThat(a.text()).containsPattern("\\p{IsHan}"));
                    f.evidence().keySet().forEach(k -> assertThat(msg.has("evidence." + k)).as("zh label for " + k).isTrue());
                }
            }
        }
        assertThat(ids).contains("time-wait-bucket-overflow", "unanswered-fin-pileup", "orphan-pileup", "tcp-memory-pressure",
                "fd-limit", "accept-queue-overflow", "tw-recycle-set", "timestamps-off", "syn-recv-flood", "close-wait-leak",
                "fin-wait2-pileup", "time-wait-pressure");
    }
}
