package io.tcpdoctor.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The exporter's metric names (the contract between {@code serve} and deploy/ and {@code fleet}). */
public final class MetricContract {
    private MetricContract() {
    }

    /** Every series name the exporter writes, histogram series included. */
    public static final Set<String> NAMES = Set.of(
            "tcpdoctor_sockets",
            "tcpdoctor_sockets_by_local_port",
            "tcpdoctor_sockets_by_peer",
            "tcpdoctor_sockets_by_process",
            "tcpdoctor_destination_ports_in_use",
            "tcpdoctor_ephemeral_ports_usable",
            "tcpdoctor_time_wait_age_seconds_bucket",
            "tcpdoctor_time_wait_age_seconds_sum",
            "tcpdoctor_time_wait_age_seconds_count",
            "tcpdoctor_tcp_active_opens_total",
            "tcpdoctor_tcp_passive_opens_total",
            "tcpdoctor_tcp_estab_resets_total",
            "tcpdoctor_tcp_time_wait_total",
            "tcpdoctor_tcp_tw_recycled_total",
            "tcpdoctor_tcp_time_wait_overflow_total",
            "tcpdoctor_tcp_listen_overflows_total",
            "tcpdoctor_tcp_listen_drops_total",
            "tcpdoctor_tcp_abort_total",
            "tcpdoctor_tcp_req_q_full_do_cookies_total",
            "tcpdoctor_tcp_req_q_full_drop_total",
            "tcpdoctor_tcp_syncookies_sent_total",
            "tcpdoctor_finding",
            "tcpdoctor_findings_active",
            "tcpdoctor_scrape_duration_seconds",
            "tcpdoctor_build_info");

    // A metric name: tcpdoctor_ then lower-case words, not part of a longer identifier or a recording rule
    // (tcpdoctor:...).
    private static final Pattern NAME = Pattern.compile("(?<![A-Za-z0-9_:])tcpdoctor_[a-z0-9_]+");

    /** The tcpdoctor_* names a text (PromQL, YAML, JSON) refers to. */
    public static Set<String> namesIn(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = NAME.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }
}
