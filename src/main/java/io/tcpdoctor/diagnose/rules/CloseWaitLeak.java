package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.collect.ProcessFiles;
import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.Language;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.diagnose.SocketIndex;
import io.tcpdoctor.diagnose.SocketIndex.CloseWaitGroup;
import io.tcpdoctor.diagnose.TopCounts;
import io.tcpdoctor.model.Owner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CLOSE_WAIT sockets per process (or, when owners are unknown, per local listening port or peer): the peer
 * closed and the application never did. No kernel timer ends them; each holds a file descriptor.
 */
public final class CloseWaitLeak implements Rule {
    static final String ID = "close-wait-leak";

    @Override
    public List<String> ids() {
        return List.of(ID);
    }

    @Override
    public List<Finding> check(Context ctx) {
        SocketIndex idx = ctx.sockets();
        Map<String, CloseWaitGroup> groups = idx.closeWait();
        Map<String, CloseWaitGroup> before = ctx.socketsBefore() == null ? null : ctx.socketsBefore().closeWait();
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, CloseWaitGroup> e : groups.entrySet()) {
            CloseWaitGroup g = e.getValue();
            if (g.count() < ctx.limits().closeWaitMin()) {
                continue;
            }
            ProcessFiles pf = g.owner() != null && g.owner().pid() >= 0 ? ctx.host().processes().get(g.owner().pid()) : null;
            double fdPct = pf == null ? -1 : pf.usagePercent();
            Long growth = null;
            if (before != null) {
                CloseWaitGroup prev = before.get(e.getKey());
                growth = g.count() - (prev == null ? 0 : prev.count());
            }
            double growthPerS = growth != null && ctx.seconds() > 0 ? growth / ctx.seconds() : 0;
            // Critical when the leak already holds most descriptors, or will use up the rest within 10 minutes.
            boolean soon = pf != null && pf.headroom() >= 0 && growthPerS > 0 && pf.headroom() / growthPerS < 600;
            Severity sev = fdPct >= ctx.limits().fdWarnPct() || soon ? Severity.CRITICAL : Severity.WARNING;
            Owner owner = g.owner();
            Map<String, Long> peers = g.peers().counts();
            String who = owner != null ? owner.label() : g.local() != null ? g.local() : e.getKey();
            var b = ctx.finding(ID, sev)
                    .titleKey(owner != null ? ID + ".title" : ID + ".title.unowned", Long.toString(g.count()), who)
                    .process(owner, false)
                    .local(g.local())
                    .peer(peers.size() == 1 && g.peers().cut() == 0 ? peers.keySet().iterator().next() : null)
                    .evidence("pid", owner != null && owner.pid() >= 0 ? owner.pid() : null)
                    .evidence("process", owner != null ? owner.name() : null)
                    .evidence("close_wait", g.count())
                    .evidence("peers", topPeers(g.peers(), 3))
                    .evidence("oldest_idle_s", g.maxIdleMs() >= 0 ? Context.round1(g.maxIdleMs() / 1000.0) : null)
                    .evidence("growth", growth)
                    .evidence("growth_per_s", growth != null && ctx.seconds() > 0 ? Context.round1(growth / ctx.seconds()) : null)
                    .evidence("groups_not_tracked", idx.closeWaitCut() > 0 ? idx.closeWaitCut() : null);
            if (pf != null) {
                b.evidence("open_fds", pf.openFds())
                        .evidence("max_open_files", pf.softLimit() == ProcessFiles.UNLIMITED ? "unlimited" : pf.softLimit() < 0 ? null : pf.softLimit())
                        .evidence("fd_headroom", pf.headroom() >= 0 ? pf.headroom() : null)
                        .evidence("fd_usage_pct", fdPct >= 0 ? Context.round1(fdPct) : null);
            }
            b.why();
            if (pf != null && pf.headroom() >= 0) {
                b.whyKey(ID + ".why.fds", Long.toString(pf.headroom()), Long.toString(pf.softLimit()));
            }
            if (soon) {
                b.whyKey(ID + ".why.growing", Context.round1(growthPerS), Context.duration(pf.headroom() / growthPerS));
            }
            if (owner == null) {
                b.whyKey(ID + ".why.unowned");
            }
            Language lang = Language.of(owner, ctx.host().live());
            b.language(lang);
            if (lang == Language.JAVA && owner.pid() >= 0) {
                b.investigate("jcmd-thread-dump", Integer.toString(owner.pid()));
            } else if (lang == Language.PYTHON && owner.pid() >= 0) {
                b.investigate("py-spy-dump", Integer.toString(owner.pid()));
            } else if (owner != null && owner.pid() >= 0) {
                b.investigate("inspect-stuck-process", Integer.toString(owner.pid()));
            } else {
                b.investigate("find-close-wait-owner");
            }
            b.code("close-on-eof").code("close-response-bodies").code("timeouts");
            if (pf != null) {
                b.os("raise-nofile-stopgap");
            }
            out.add(b.build());
        }
        return out;
    }

    /** The {@code n} biggest peers, {@code addr xN}, then {@code +M} for the others (and how many a cap dropped). */
    static String topPeers(TopCounts peers, int n) {
        String s = topPeers(peers.counts(), n);
        return peers.cut() == 0 ? s : s + " (+" + peers.cut() + " not tracked: more than " + TopCounts.CAP + ")";
    }

    static String topPeers(Map<String, Long> peers, int n) {
        StringBuilder b = new StringBuilder();
        peers.entrySet().stream()
                .sorted((x, y) -> {
                    int c = Long.compare(y.getValue(), x.getValue());
                    return c != 0 ? c : x.getKey().compareTo(y.getKey());
                })
                .limit(n)
                .forEach(e -> b.append(b.isEmpty() ? "" : ", ").append(e.getKey()).append(" x").append(e.getValue()));
        if (peers.size() > n) {
            b.append(", +").append(peers.size() - n);
        }
        return b.toString();
    }
}
