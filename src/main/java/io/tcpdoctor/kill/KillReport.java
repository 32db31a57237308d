package io.tcpdoctor.kill;

import io.tcpdoctor.collect.SocketKiller;
import io.tcpdoctor.model.SocketRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@code kill} run found and did: the matched sockets, the outcome per socket when it acted, the
 * listeners it left alone. Gives the summary lines under the socket table and the JSON document.
 */
public record KillReport(boolean dryRun, String netns, List<SocketRecord> matched, List<SocketKiller.Outcome> outcomes,
                         int listenersLeft) {

    /** The permission or kernel-support failure that stopped the run, or null. */
    public SocketKiller.Outcome fatal() {
        return outcomes.isEmpty() || !KillAdvice.fatal(outcomes.getLast()) ? null : outcomes.getLast();
    }

    public long destroyed() {
        return outcomes.stream().filter(SocketKiller.Outcome::destroyed).count();
    }

    /** Sockets not destroyed for a reason of their own (ENOENT: gone meanwhile ...). */
    public List<SocketKiller.Outcome> failed() {
        SocketKiller.Outcome fatal = fatal();
        return outcomes.stream().filter(o -> !o.destroyed() && o != fatal).toList();
    }

    /** The lines printed under the socket table. */
    public List<String> summary() {
        List<String> out = new ArrayList<>();
        if (matched.isEmpty()) {
            out.add("No socket matches; nothing was killed.");
        } else if (dryRun) {
            out.add("Dry run: " + sockets(matched.size()) + (matched.size() == 1 ? " matches" : " match")
                    + "; nothing was killed. Add --yes to destroy " + (matched.size() == 1 ? "it" : "them") + ".");
        } else {
            out.add("Destroyed " + destroyed() + " of " + sockets(matched.size()) + ".");
            List<SocketKiller.Outcome> failed = failed();
            if (!failed.isEmpty()) {
                out.add("Not destroyed: " + failed.size());
                for (SocketKiller.Outcome o : failed) {
                    SocketRecord r = o.target().socket();
                    out.add("  " + r.proto() + " " + r.local() + " " + r.remote() + " " + r.state() + ": "
                            + KillAdvice.reason(o.errno()));
                }
            }
        }
        for (String c : KillAdvice.caveats(matched)) {
            out.add("Note: " + c);
        }
        return out;
    }

    /** The JSON document: dry_run, netns, matched, destroyed, not_destroyed (with errno and reason), notes. */
    public Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("dry_run", dryRun);
        doc.put("netns", netns);
        doc.put("matched", matched.stream().map(KillReport::row).toList());
        doc.put("destroyed", destroyed());
        doc.put("not_destroyed", failed().stream().map(o -> {
            Map<String, Object> m = row(o.target().socket());
            m.put("errno", o.errno());
            m.put("reason", KillAdvice.reason(o.errno()));
            return m;
        }).toList());
        doc.put("listen_left_alone", listenersLeft);
        doc.put("notes", KillAdvice.caveats(matched));
        return doc;
    }

    private static Map<String, Object> row(SocketRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("proto", r.proto());
        m.put("state", r.state().name());
        m.put("local", r.local().toString());
        m.put("remote", r.remote().toString());
        m.put("pid", r.owner() == null || r.owner().pid() < 0 ? null : r.owner().pid());
        m.put("process", r.owner() == null ? null : r.owner().name());
        return m;
    }

    private static String sockets(long n) {
        return n + (n == 1 ? " socket" : " sockets");
    }
}
