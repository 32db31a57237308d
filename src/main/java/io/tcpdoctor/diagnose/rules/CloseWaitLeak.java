package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.collect.ProcessFiles;
import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.Language;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.diagnose.SocketIndex;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

    private static final class Group {
        Owner owner;
        String local;
        long count;
        long maxIdleMs = -1;
        final Map<String, Long> peers = new HashMap<>();
    }

    @Override
    public List<Finding> check(Context ctx) {
        SocketIndex idx = ctx.sockets();
        Map<String, Group> groups = group(idx);
        Map<String, Group> before = ctx.socketsBefore() == null ? null : group(ctx.socketsBefore());
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, Group> e : groups.entrySet()) {
            Group g = e.getValue();
            if (g.count < ctx.limits().closeWaitMin()) {
                continue;
            }
            ProcessFiles pf = g.owner != null && g.owner.pid() >= 0 ? ctx.host().processes().get(g.owner.pid()) : null;
            double fdPct = pf == null ? -1 : pf.usagePercent();
            Long growth = null;
            if (before != null) {
                Group prev = before.get(e.getKey());
                growth = g.count - (prev == null ? 0 : prev.count);
            }
            double growthPerS = growth != null && ctx.seconds() > 0 ? growth / ctx.seconds() : 0;
            // Critical when the leak already holds most descriptors, or will use up the rest within 10 minutes.
            boolean soon = pf != null && pf.headroom() >= 0 && growthPerS > 0 && pf.headroom() / growthPerS < 600;
            Severity sev = fdPct >= ctx.limits().fdWarnPct() || soon ? Severity.CRITICAL : Severity.WARNING;
            String who = g.owner != null ? g.owner.label() : g.local != null ? g.local : e.getKey();
            var b = ctx.finding(ID, sev)
                    .titleKey(g.owner != null ? ID + ".title" : ID + ".title.unowned", Long.toString(g.count), who)
                    .process(g.owner, false)
                    .local(g.local)
                    .peer(g.peers.size() == 1 ? g.peers.keySet().iterator().next() : null)
                    .evidence("pid", g.owner != null && g.owner.pid() >= 0 ? g.owner.pid() : null)
                    .evidence("process", g.owner != null ? g.owner.name() : null)
                    .evidence("close_wait", g.count)
                    .evidence("peers", topPeers(g.peers, 3))
                    .evidence("oldest_idle_s", g.maxIdleMs >= 0 ? Context.round1(g.maxIdleMs / 1000.0) : null)
                    .evidence("growth", growth)
                    .evidence("growth_per_s", growth != null && ctx.seconds() > 0 ? Context.round1(growth / ctx.seconds()) : null);
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
            if (g.owner == null) {
                b.whyKey(ID + ".why.unowned");
            }
            Language lang = Language.of(g.owner, ctx.host().live());
            b.language(lang);
            if (lang == Language.JAVA && g.owner.pid() >= 0) {
                b.investigate("jcmd-thread-dump", Integer.toString(g.owner.pid()));
            } else if (lang == Language.PYTHON && g.owner.pid() >= 0) {
                b.investigate("py-spy-dump", Integer.toString(g.owner.pid()));
            } else if (g.owner != null && g.owner.pid() >= 0) {
                b.investigate("inspect-stuck-process", Integer.toString(g.owner.pid()));
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

    private static Map<String, Group> group(SocketIndex idx) {
        Map<String, Group> groups = new LinkedHashMap<>();
        for (SocketRecord r : idx.sockets()) {
            if (r.state() != TcpState.CLOSE_WAIT) {
                continue;
            }
            String key;
            boolean server = idx.isListening(r.local().port());
            String local = server ? "*:" + r.local().port() : null;
            if (r.owner() != null) {
                key = "pid:" + r.owner().pid() + ":" + r.owner().name();
            } else if (server) {
                key = "port:" + r.local().port();
            } else {
                key = "peer:" + r.remote();
            }
            Group g = groups.computeIfAbsent(key, k -> new Group());
            g.owner = r.owner();
            g.local = g.count == 0 || java.util.Objects.equals(g.local, local) ? local : null;
            g.count++;
            // Clients of a server come from ever-changing ports: their address is the useful peer.
            g.peers.merge(server ? r.remote().addressText() : r.remote().toString(), 1L, Long::sum);
            if (r.info() != null) {
                g.maxIdleMs = Math.max(g.maxIdleMs, r.info().idleMs());
            }
        }
        return groups;
    }

    static String topPeers(Map<String, Long> peers, int n) {
        StringBuilder b = new StringBuilder();
        peers.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .forEach(e -> b.append(b.isEmpty() ? "" : ", ").append(e.getKey()).append(" x").append(e.getValue()));
        if (peers.size() > n) {
            b.append(", +").append(peers.size() - n);
        }
        return b.toString();
    }
}
