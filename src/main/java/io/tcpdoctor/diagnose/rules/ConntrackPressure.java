package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.model.Severity;
import java.util.List;
import java.util.OptionalLong;

/**
 * The netfilter connection-tracking table filling up, or dropping and failing to insert flows. conntrack keeps its
 * own state per flow, with its own TIME_WAIT (nf_conntrack_tcp_timeout_time_wait, 120 s by default:
 * Documentation/networking/nf_conntrack-sysctl.rst), so a host that closes many connections fills it even when its
 * sockets are fine. A full table drops new flows ("nf_conntrack: table full, dropping packet", stat {@code drop},
 * after {@code early_drop} found nothing to evict); {@code insert_failed} counts flows that could not be added, which
 * with SNAT/masquerade (Docker, Kubernetes) includes two flows given the same translated tuple
 * (__nf_conntrack_confirm() in net/netfilter/nf_conntrack_core.c).
 */
public final class ConntrackPressure implements Rule {
    static final String ID = "conntrack-pressure";
    static final double WARN_PCT = 80;
    static final double CRIT_PCT = 95;

    @Override
    public List<String> ids() {
        return List.of(ID);
    }

    @Override
    public List<Finding> check(Context ctx) {
        OptionalLong count = ctx.sysctlIfKnown("net.netfilter.nf_conntrack_count");
        OptionalLong max = ctx.sysctlIfKnown("net.netfilter.nf_conntrack_max");
        OptionalLong drop = ctx.counterDelta("Conntrack.drop");
        OptionalLong insertFailed = ctx.counterDelta("Conntrack.insert_failed");
        OptionalLong earlyDrop = ctx.counterDelta("Conntrack.early_drop");
        double pct = count.isPresent() && max.isPresent() && max.getAsLong() > 0
                ? 100.0 * count.getAsLong() / max.getAsLong() : -1;
        boolean dropping = drop.isPresent() && drop.getAsLong() > 0;
        boolean clashing = insertFailed.isPresent() && insertFailed.getAsLong() > 0;
        if (pct < WARN_PCT && !dropping && !clashing) {
            return List.of();
        }
        Severity sev = dropping || pct >= CRIT_PCT ? Severity.CRITICAL : Severity.WARNING;
        OptionalLong twTimeout = ctx.sysctlIfKnown("net.netfilter.nf_conntrack_tcp_timeout_time_wait");
        var b = ctx.finding(ID, sev)
                .titleKey(pct >= WARN_PCT ? ID + ".title" : ID + ".title.failing",
                        Long.toString(count.orElse(-1)), Long.toString(max.orElse(-1)), Context.round1(pct),
                        Long.toString(drop.orElse(0) + insertFailed.orElse(0)))
                .evidence("conntrack_count", count)
                .evidence("conntrack_max", max)
                .evidence("conntrack_usage_pct", pct >= 0 ? Context.round1(pct) : null)
                .evidence("conntrack_drop_delta", drop)
                .evidence("conntrack_early_drop_delta", earlyDrop)
                .evidence("conntrack_insert_failed_delta", insertFailed)
                .evidence("conntrack_drop_since_boot", ctx.sampled() ? OptionalLong.empty() : ctx.counter("Conntrack.drop"))
                .evidence("conntrack_time_wait_timeout_s", twTimeout)
                .evidence("sample_seconds", ctx.sampled() ? Context.round1(ctx.seconds()) : null)
                .why(twTimeout.isPresent() ? Long.toString(twTimeout.getAsLong()) : "120");
        if (dropping) {
            b.whyKey(ID + ".why.dropping", Long.toString(drop.getAsLong()));
        }
        if (clashing) {
            b.whyKey(ID + ".why.insert-failed", Long.toString(insertFailed.getAsLong()));
        }
        b.investigate("conntrack-by-state").os("raise-conntrack-max").code("pool-connections-any").os("conntrack-tw-timeout");
        if (clashing) {
            b.os("snat-more-ports");
        }
        return List.of(b.build());
    }
}
