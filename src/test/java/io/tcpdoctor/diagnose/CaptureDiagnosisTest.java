package io.tcpdoctor.diagnose;

import io.tcpdoctor.model.Severity;
import io.tcpdoctor.render.ReportWriter;
import io.tcpdoctor.diagnose.rules.Rules;
import io.tcpdoctor.observe.HostFacts;
import io.tcpdoctor.observe.Observation;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Snapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Diagnosis of saved /proc/net/tcp dumps: no live host facts, so assumptions are stated unless --sysctl gives values. */
class CaptureDiagnosisTest {
    final Messages en = Messages.forLang("en");

    private Diagnosis diagnose(Snapshot snap, HostFacts host) {
        return Rules.engine(Thresholds.DEFAULTS, en).run(Observation.of(snap, host), null);
    }

    private static Finding only(Diagnosis d, String id) {
        List<Finding> f = d.findings().stream().filter(x -> x.id().equals(id)).toList();
        assertThat(f).as("%s in %s", id, d.findings().stream().map(Finding::id).toList()).hasSize(1);
        return f.getFirst();
    }

    @Test
    void withTwReuseOnTheSameTimeWaitCountIsNoEmergency() {
        // The same dump with tcp_tw_reuse=1: TIME_WAIT older than 1 s is free for connect(), so only the 40 younger
        // ones and the 12 open connections hold ports; 43.8 closes/s x 1 s fits 3000 ports easily.
        HostFacts base = ProcDumps.sysctls("app-mysql-per-request.sysctl");
        java.util.Map<String, String> sysctls = new java.util.HashMap<>(base.sysctls());
        sysctls.put("net.ipv4.tcp_tw_reuse", "1");
        Diagnosis d = diagnose(ProcDumps.snapshot("app-mysql-per-request.tcp"), HostFacts.ofSysctls(sysctls, "test"));
        assertThat(d.findings()).noneMatch(x -> x.id().equals("time-wait-port-exhaustion"));
        Finding f = d.findings().stream().filter(x -> "10.20.30.40:3306".equals(x.peer())).findFirst().orElseThrow();
        assertThat(f.id()).isEqualTo("time-wait-pressure");
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.evidence()).containsEntry("tw_reuse", "1").containsEntry("tw_reuse_applies", true)
                .containsEntry("ports_held", 52L).containsEntry("reusable_time_wait", 2660L)
                .containsEntry("close_rate_source", "time-wait-ages");
        assertThat(f.explanation()).contains("only helps outgoing connect()").contains("timestamps").contains("older than 1 s");
        assertThat(f.actions()).noneMatch(a -> a.text().contains("tcp_tw_reuse=1"));
        // tcp_timestamps=0: reuse cannot work (no timestamp on the old connection), so it is CRITICAL again.
        sysctls.put("net.ipv4.tcp_timestamps", "0");
        Diagnosis off = diagnose(ProcDumps.snapshot("app-mysql-per-request.tcp"), HostFacts.ofSysctls(sysctls, "test"));
        assertThat(only(off, "time-wait-port-exhaustion").severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void perRequestMysqlConnectionsWithTheRealPortRangeAreCritical() {
        Diagnosis d = diagnose(ProcDumps.snapshot("app-mysql-per-request.tcp"), ProcDumps.sysctls("app-mysql-per-request.sysctl"));
        Finding f = only(d, "time-wait-port-exhaustion");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.peer()).isEqualTo("10.20.30.40:3306");
        assertThat(f.local()).isEqualTo("10.0.0.7");
        assertThat(f.evidence()).containsEntry("time_wait", 2700L).containsEntry("established", 12L)
                .containsEntry("ports_in_use", 2712L).containsEntry("port_range", "50000-52999")
                .containsEntry("usable_ports", 3000).containsEntry("free_ports", 288L)
                .containsEntry("port_usage_pct", 90.4)
                // The dump has timers: 219 of the TIME_WAIT sockets are younger than 5 s (count / 60 s says 45/s).
                .containsEntry("close_rate_per_s", 43.8).containsEntry("close_rate_source", "time-wait-ages")
                .containsEntry("close_rate_window_s", 5.0).containsEntry("steady_state_ports", 2640L);
        // CRITICAL at 90 %: the text says how few ports are free, never that they do not run out.
        assertThat(f.explanation()).contains("only 288 are free").doesNotContain("does not run out");
        // Owners are not in a /proc dump: nothing to name, nothing invented.
        assertThat(f.process()).isNull();
        // 30 TIME_WAIT to Redis are far below every threshold.
        assertThat(d.findings()).noneMatch(x -> "10.20.30.41:6379".equals(x.peer()));
        Finding fin = only(d, "fin-timeout-misunderstood");
        assertThat(fin.evidence()).containsEntry("tcp_fin_timeout", 30L).containsEntry("time_wait", 2730L);
        assertThat(d.assumptions()).isEmpty();
        assertThat(d.observation().host().kernel().release()).isEqualTo("5.15.0-119-generic");
        assertThat(d.status()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void withoutHostFactsTheDefaultRangeIsAssumedAndSaid() {
        Diagnosis d = diagnose(ProcDumps.snapshot("app-mysql-per-request.tcp"), HostFacts.none());
        // 2712 of the default 28,232 ports: pressure worth knowing about, not exhaustion.
        assertThat(d.findings()).noneMatch(x -> x.id().equals("time-wait-port-exhaustion"));
        Finding f = only(d, "time-wait-pressure");
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.peer()).isEqualTo("10.20.30.40:3306");
        assertThat(f.evidence()).containsEntry("port_range", "32768-60999").containsEntry("usable_ports", 28232)
                .containsEntry("port_usage_pct", 9.6).containsEntry("side", "client");
        assertThat(d.assumptions()).containsExactly(
                "assumed default net.ipv4.ip_local_port_range = 32768 60999 (the source has no host facts; pass --sysctl FILE with the real values)",
                "assumed default net.ipv4.ip_local_reserved_ports = (none) (the source has no host facts; pass --sysctl FILE with the real values)");
        assertThat(d.healthy()).isTrue();
        assertThat(d.findings().getFirst().id()).isEqualTo("healthy");
    }

    @Test
    void webServerCaptureFindsTheFloodTheLeakAndTheFinWait2PileUp() {
        Diagnosis d = diagnose(ProcDumps.snapshot("web-server.tcp", "web-server.tcp6"), HostFacts.none());
        Finding syn = only(d, "syn-recv-flood");
        assertThat(syn.severity()).isEqualTo(Severity.WARNING);
        assertThat(syn.local()).isEqualTo("*:443");
        assertThat(syn.evidence()).containsEntry("syn_recv", 320L).containsEntry("tcp_syncookies", 1L)
                .doesNotContainKey("tcp_max_syn_backlog");
        assertThat((Integer) syn.evidence().get("sources")).isGreaterThan(250);

        Finding cw = only(d, "close-wait-leak");
        assertThat(cw.severity()).isEqualTo(Severity.WARNING);
        assertThat(cw.title()).isEqualTo("150 CLOSE_WAIT sockets on *:8080: the peer closed, the application did not");
        assertThat(cw.evidence()).containsEntry("close_wait", 150L).containsEntry("peers", "10.0.1.5 x75, 10.0.1.6 x75");
        assertThat(cw.explanation()).contains("not known from this source");

        Finding fw2 = only(d, "fin-wait2-pileup");
        assertThat(fw2.evidence()).containsEntry("fin_wait2", 600L).containsEntry("orphaned", 600L)
                .containsEntry("held_open", 0L).containsEntry("tcp_fin_timeout", 60L);

        Finding tw = only(d, "time-wait-pressure");
        assertThat(tw.evidence()).containsEntry("side", "server").containsEntry("local_port", 443).containsEntry("time_wait", 1510L);
        assertThat(tw.explanation()).contains("tcp_tw_reuse does nothing here");

        assertThat(d.assumptions()).containsExactly(
                "assumed default net.ipv4.tcp_syncookies = 1 (the source has no host facts; pass --sysctl FILE with the real values)",
                "assumed default net.ipv4.tcp_fin_timeout = 60 (the source has no host facts; pass --sysctl FILE with the real values)");
        assertThat(d.status()).isEqualTo(Severity.WARNING);
    }

    @Test
    void webServerWithItsSysctlConfFlagsRecycleAndDisabledCookies() {
        Diagnosis d = diagnose(ProcDumps.snapshot("web-server.tcp", "web-server.tcp6"), ProcDumps.sysctls("web-server-sysctl.conf"));
        Finding syn = only(d, "syn-recv-flood");
        assertThat(syn.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(syn.evidence()).containsEntry("tcp_syncookies", 0L).containsEntry("tcp_max_syn_backlog", 256L);
        assertThat(syn.explanation()).contains("tcp_syncookies is 0");
        Finding recycle = only(d, "tw-recycle-set");
        assertThat(recycle.severity()).isEqualTo(Severity.WARNING);
        assertThat(recycle.explanation()).contains("removed in Linux 4.12");
        assertThat(recycle.actions()).allMatch(a -> !a.text().contains("tcp_tw_recycle=1"));
        assertThat(only(d, "fin-wait2-pileup").evidence()).containsEntry("tcp_fin_timeout", 15L);
        assertThat(only(d, "fin-timeout-misunderstood").evidence()).containsEntry("tcp_fin_timeout", 15L);
        assertThat(d.assumptions()).isEmpty();
        assertThat(d.status()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void thresholdsMoveTheSeverity() {
        Thresholds strict = new Thresholds(50, 95, 1000, 20, 80, 95, 256, 500, 200);
        Diagnosis d = Rules.engine(strict, en).run(Observation.of(ProcDumps.snapshot("app-mysql-per-request.tcp"),
                ProcDumps.sysctls("app-mysql-per-request.sysctl")), null);
        Finding f = only(d, "time-wait-port-exhaustion");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.title()).isEqualTo("ephemeral ports to 10.20.30.40:3306 filling up: 2712 of 3000 in use from 10.0.0.7");
        Thresholds fewerCloseWait = new Thresholds(50, 90, 1000, 151, 80, 95, 256, 500, 200);
        Diagnosis web = Rules.engine(fewerCloseWait, en).run(Observation.of(ProcDumps.snapshot("web-server.tcp"), HostFacts.none()), null);
        assertThat(web.findings()).noneMatch(x -> x.id().equals("close-wait-leak"));
    }

    @Test
    void csvHasOneRowPerFinding() {
        Diagnosis d = diagnose(ProcDumps.snapshot("web-server.tcp", "web-server.tcp6"), HostFacts.none());
        java.io.StringWriter buf = new java.io.StringWriter();
        new ReportWriter(en).csv(new java.io.PrintWriter(buf), d);
        List<String> lines = buf.toString().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("severity,id,title,pid,process,process_inferred,peer,local,evidence,explanation,actions");
        assertThat(lines).hasSize(d.findings().size() + 1);
        assertThat(lines.get(1)).startsWith("warning,close-wait-leak,\"150 CLOSE_WAIT sockets on *:8080: the peer closed, the application did not\",,,,,*:8080,");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("warning,syn-recv-flood,320 half-open connections (SYN_RECV) on port 443,,,,,*:443,"
                + "\"local_port=443; syn_recv=320; sources="));
    }
}
