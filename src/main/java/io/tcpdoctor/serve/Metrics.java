package io.tcpdoctor.serve;

import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.query.GroupTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The metric families of one namespace's {@link View}: the names and labels documented in the README and
 * used by the deploy/ rules and dashboards. Every series carries {@code netns} ("" for the host).
 */
public final class Metrics {
    private Metrics() {
    }

    /** The version exported as {@code tcpdoctor_build_info}. */
    public static final String VERSION = "0.1.0";

    /** A kernel counter exported as a Prometheus counter; {@code label} may be null. */
    record Counter(String key, String metric, String label, String labelValue, String help) {
    }

    /** The kernel counters that matter for connection states, in /proc/net/snmp and /proc/net/netstat naming. */
    /** The kernel counter keys exported, in order. */
    static List<String> counterKeys() {
        return COUNTERS.stream().map(Counter::key).toList();
    }

    static final List<Counter> COUNTERS = List.of(
            new Counter("Tcp.ActiveOpens", "tcpdoctor_tcp_active_opens_total", null, null,
                    "Connections opened by this host (SYN_SENT entered), kernel Tcp.ActiveOpens."),
            new Counter("Tcp.PassiveOpens", "tcpdoctor_tcp_passive_opens_total", null, null,
                    "Connections accepted from peers (SYN_RECV entered), kernel Tcp.PassiveOpens."),
            new Counter("Tcp.EstabResets", "tcpdoctor_tcp_estab_resets_total", null, null,
                    "Resets of ESTABLISHED or CLOSE_WAIT connections, kernel Tcp.EstabResets."),
            new Counter("TcpExt.TW", "tcpdoctor_tcp_time_wait_total", null, null,
                    "TIME_WAIT sockets that finished their 60 s timer, kernel TcpExt.TW."),
            new Counter("TcpExt.TWRecycled", "tcpdoctor_tcp_tw_recycled_total", null, null,
                    "TIME_WAIT sockets reused for a new connection, kernel TcpExt.TWRecycled."),
            new Counter("TcpExt.TCPTimeWaitOverflow", "tcpdoctor_tcp_time_wait_overflow_total", null, null,
                    "Connections closed without TIME_WAIT because tcp_max_tw_buckets was reached, kernel TcpExt.TCPTimeWaitOverflow."),
            new Counter("TcpExt.ListenOverflows", "tcpdoctor_tcp_listen_overflows_total", null, null,
                    "Connections dropped because a listener's accept queue was full, kernel TcpExt.ListenOverflows."),
            new Counter("TcpExt.ListenDrops", "tcpdoctor_tcp_listen_drops_total", null, null,
                    "SYNs dropped at a listener for any reason (includes overflows), kernel TcpExt.ListenDrops."),
            new Counter("TcpExt.TCPAbortOnClose", "tcpdoctor_tcp_abort_total", "reason", "on_close",
                    "Connections reset by this host, by reason, kernel TcpExt.TCPAbortOn* and TCPAbortFailed."),
            new Counter("TcpExt.TCPAbortOnData", "tcpdoctor_tcp_abort_total", "reason", "on_data", null),
            new Counter("TcpExt.TCPAbortOnMemory", "tcpdoctor_tcp_abort_total", "reason", "on_memory", null),
            new Counter("TcpExt.TCPAbortOnTimeout", "tcpdoctor_tcp_abort_total", "reason", "on_timeout", null),
            new Counter("TcpExt.TCPAbortOnLinger", "tcpdoctor_tcp_abort_total", "reason", "on_linger", null),
            new Counter("TcpExt.TCPAbortFailed", "tcpdoctor_tcp_abort_total", "reason", "failed", null),
            new Counter("TcpExt.TCPReqQFullDoCookies", "tcpdoctor_tcp_req_q_full_do_cookies_total", null, null,
                    "SYNs answered with a syncookie because the SYN queue was full, kernel TcpExt.TCPReqQFullDoCookies."),
            new Counter("TcpExt.TCPReqQFullDrop", "tcpdoctor_tcp_req_q_full_drop_total", null, null,
                    "SYNs dropped because the SYN queue was full and syncookies were off, kernel TcpExt.TCPReqQFullDrop."),
            new Counter("TcpExt.SyncookiesSent", "tcpdoctor_tcp_syncookies_sent_total", null, null,
                    "Syncookies sent, kernel TcpExt.SyncookiesSent."));

    /** The families of one namespace. */
    public static List<Family> of(View v) {
        String ns = v.netns();
        List<Family> out = new ArrayList<>();
        List<Series> sockets = new ArrayList<>();
        for (TcpState s : TcpState.all()) {
            sockets.add(Series.of(v.ipv4().get(s), "netns", ns, "state", s.name(), "family", "ipv4"));
            sockets.add(Series.of(v.ipv6().get(s), "netns", ns, "state", s.name(), "family", "ipv6"));
        }
        out.add(new Family("tcpdoctor_sockets", "TCP sockets per state and address family (of the socket).",
                Family.Type.GAUGE, sockets));
        out.add(groups("tcpdoctor_sockets_by_local_port", "TCP sockets per local port and state, the largest groups "
                + "and 'other' for the rest.", v.groups().get(Dimension.LOCAL_PORT), ns));
        out.add(groups("tcpdoctor_sockets_by_peer", "TCP sockets per remote address:port and state, the largest "
                + "groups and 'other' for the rest.", v.groups().get(Dimension.PEER), ns));
        out.add(groups("tcpdoctor_sockets_by_process", "TCP sockets per owning command name and state, the largest "
                + "groups and 'other' for the rest; TIME_WAIT and SYN_RECV have no owner.", v.groups().get(Dimension.PROCESS), ns));
        List<Series> dest = new ArrayList<>();
        for (View.Destination d : v.destinations()) {
            dest.add(Series.of(d.inUse(), "netns", ns, "destination", d.destination()));
        }
        out.add(new Family("tcpdoctor_destination_ports_in_use", "Ephemeral ports in use per source address and "
                + "destination (src_addr->dst_addr:dst_port), the busiest destinations.", Family.Type.GAUGE, dest));
        out.add(new Family("tcpdoctor_ephemeral_ports_usable", "Ephemeral ports connect() can use per destination: "
                + "ip_local_port_range minus ip_local_reserved_ports.", Family.Type.GAUGE,
                List.of(Series.of(v.portsUsable(), "netns", ns))));
        out.add(new Family("tcpdoctor_time_wait_age_seconds", "Age of the TIME_WAIT sockets (60 s minus the timer left).",
                Family.Type.HISTOGRAM, List.of(new Series(List.of("netns", ns), v.timeWaitAgeSum(),
                        new Series.Buckets(View.AGE_BOUNDS.clone(), v.timeWaitAge().clone(), v.timeWaitAgeSum())))));
        counters(v, ns, out);
        Set<String> active = new LinkedHashSet<>();
        List<Series> findings = new ArrayList<>();
        for (Finding f : v.activeFindings()) {
            // One series per id and severity even when a rule reports several processes or destinations.
            if (active.add(f.id() + "\0" + f.severity().label())) {
                findings.add(Series.of(1, "netns", ns, "id", f.id(), "severity", f.severity().label()));
            }
        }
        out.add(new Family("tcpdoctor_finding", "1 for each active finding of the diagnosis engine, by id and severity "
                + "(ids as in 'tcpdoctor diagnose').", Family.Type.GAUGE, findings));
        out.add(new Family("tcpdoctor_findings_active", "Number of active findings (several per id when a rule names "
                + "several processes or destinations).", Family.Type.GAUGE, List.of(Series.of(v.activeFindings().size(), "netns", ns))));
        out.add(new Family("tcpdoctor_scrape_duration_seconds", "Seconds the last observation and diagnosis of the "
                + "namespace took (done in the background, not during the scrape).", Family.Type.GAUGE,
                List.of(Series.of(v.tookSeconds(), "netns", ns))));
        out.add(new Family("tcpdoctor_build_info", "Always 1; the tcpdoctor version in a label.", Family.Type.GAUGE,
                List.of(Series.of(1, "netns", ns, "version", VERSION))));
        return out;
    }

    private static Family groups(String name, String help, View.Groups g, String ns) {
        List<Series> out = new ArrayList<>();
        for (GroupTable.Row r : g.rows()) {
            add(out, r.group(), r.counts(), g.by().label(), ns);
        }
        if (g.other() != null) {
            add(out, "other", g.other().counts(), g.by().label(), ns);
        }
        return new Family(name, help, Family.Type.GAUGE, out);
    }

    private static void add(List<Series> out, String group, StateCounts c, String label, String ns) {
        c.nonZero().forEach((s, n) -> out.add(Series.of(n, "netns", ns, label, group, "state", s.name())));
    }

    private static void counters(View v, String ns, List<Family> out) {
        String current = null;
        String help = null;
        List<Series> series = new ArrayList<>();
        for (Counter c : COUNTERS) {
            if (!c.metric().equals(current)) {
                if (current != null) {
                    out.add(new Family(current, help, Family.Type.COUNTER, series));
                }
                current = c.metric();
                help = c.help();
                series = new ArrayList<>();
            }
            Long val = v.counters().get(c.key());
            if (val != null) {
                series.add(c.label() == null ? Series.of(val, "netns", ns) : Series.of(val, "netns", ns, c.label(), c.labelValue()));
            }
        }
        out.add(new Family(current, help, Family.Type.COUNTER, series));
    }
}
