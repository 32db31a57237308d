package io.tcpdoctor.cli;

import io.tcpdoctor.ExitCode;
import io.tcpdoctor.TcpdoctorException;
import io.tcpdoctor.collect.SocketKiller;
import io.tcpdoctor.kill.KillAdvice;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.query.SocketFilter;
import io.tcpdoctor.render.Format;
import io.tcpdoctor.render.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tcpdoctor kill}: ends matching sockets through SOCK_DESTROY (like {@code ss -K}), with guard rails. */
@Command(name = "kill", sortOptions = false,
        description = {"End matching TCP sockets through the kernel's SOCK_DESTROY (what 'ss -K' does).",
                "A dry run by default: lists what would be killed. --yes acts. Needs root (CAP_NET_ADMIN) and a "
                        + "kernel with CONFIG_INET_DIAG_DESTROY.",
                "What it does not fix: destroying a CLOSE_WAIT socket aborts the connection (the peer gets a reset), "
                        + "but the owning process still holds its file descriptor, so an fd leak stays until the process "
                        + "closes it or restarts. The real fix is the missing close() in the application.",
                "TIME_WAIT sockets are dropped at once on current kernels (tested on Linux 6.18): the port is free earlier, "
                        + "TIME_WAIT's protection against late duplicates is lost; fewer closes (pooling) is the lasting fix.",
                "Refuses an empty filter (give a state, port, address or process) and LISTEN sockets unless --include-listen."},
        footer = {"", "Examples:",
                "  tcpdoctor kill --state close-wait --dport 8080    # dry run: lists them",
                "  tcpdoctor kill --state close-wait --dst 10.0.0.7 --yes",
                "  tcpdoctor kill -N blue --state fin-wait-2 --process java --yes",
                "", "Exit codes: 0 done (sockets already gone are reported, not an error), 2 empty filter or LISTEN "
                        + "without --include-listen, 3 no permission or kernel support (nothing killed)."})
public class KillCommand extends BaseCommand {
    @Option(names = "--yes", description = "Destroy the matching sockets (without it: a dry run that only lists them).")
    boolean yes;

    @Option(names = "--include-listen", description = "Also destroy LISTEN sockets (the service stops accepting).")
    boolean includeListen;

    @Option(names = {"-N", "--netns"}, paramLabel = "NAME", description = "Act inside this named network namespace. Needs root.")
    String netns;

    @Mixin
    FilterOptions filters = new FilterOptions();

    @Override
    public Integer call() {
        SocketFilter filter = usage(filters::toFilter);
        Format fmt = format();
        if (fmt == Format.CSV) {
            throw new TcpdoctorException(ExitCode.USAGE, "kill prints text or json");
        }
        if (filter.stateOnly() && filter.allStates()) {
            throw new TcpdoctorException(ExitCode.USAGE, "kill refuses an empty filter: name a state, port, address or "
                    + "process (e.g. --state close-wait --dport 8080)");
        }
        if (!includeListen && filter.states().equals(java.util.EnumSet.of(TcpState.LISTEN))) {
            throw new TcpdoctorException(ExitCode.USAGE, "kill refuses LISTEN sockets (the service would stop accepting); "
                    + "add --include-listen if that is what you want");
        }
        List<SocketKiller.Target> targets = new ArrayList<>();
        int listeners = 0;
        for (SocketKiller.Target t : SocketKiller.find(netns, filter)) {
            if (t.socket().state() == TcpState.LISTEN && !includeListen) {
                listeners++;
            } else {
                targets.add(t);
            }
        }
        List<SocketRecord> rows = targets.stream().map(SocketKiller.Target::socket).toList();
        if (listeners > 0) {
            err().println("tcpdoctor: note: left " + listeners + " LISTEN socket" + (listeners == 1 ? "" : "s")
                    + " alone (add --include-listen to kill listeners too)");
            err().flush();
        }
        List<SocketKiller.Outcome> outcomes = yes && !targets.isEmpty()
                ? SocketKiller.destroy(netns, targets, KillAdvice::fatal) : List.of();
        SocketKiller.Outcome fatal = outcomes.isEmpty() || !KillAdvice.fatal(outcomes.getLast()) ? null : outcomes.getLast();
        List<SocketKiller.Outcome> failed = outcomes.stream().filter(o -> !o.destroyed() && o != fatal).toList();
        long destroyed = outcomes.stream().filter(SocketKiller.Outcome::destroyed).count();
        List<String> caveats = KillAdvice.caveats(rows);
        if (fmt == Format.JSON && fatal == null) {
            json(rows, destroyed, failed, listeners, caveats);
            return 0;
        }
        PrintWriter out = out();
        if (!rows.isEmpty()) {
            ListCommand.text(out, rows, true);
        }
        if (fatal != null) {
            out.flush();
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, KillAdvice.fatalMessage(fatal.errno())
                    + (destroyed > 0 ? " (" + destroyed + " destroyed before the error)" : ""));
        }
        if (!yes) {
            out.println("Dry run: " + plural(rows.size()) + (rows.size() == 1 ? " matches" : " match")
                    + "; nothing was killed. Add --yes to destroy " + (rows.size() == 1 ? "it" : "them") + ".");
        } else if (targets.isEmpty()) {
            out.println("No socket matches; nothing was killed.");
        } else {
            out.println("Destroyed " + destroyed + " of " + plural(targets.size()) + ".");
            if (!failed.isEmpty()) {
                out.println("Not destroyed: " + failed.size());
                for (SocketKiller.Outcome o : failed) {
                    SocketRecord r = o.target().socket();
                    out.println("  " + r.proto() + " " + r.local() + " " + r.remote() + " " + r.state() + ": "
                            + KillAdvice.reason(o.errno()));
                }
            }
        }
        for (String c : caveats) {
            out.println("Note: " + c);
        }
        return 0;
    }

    private static String plural(long n) {
        return n + (n == 1 ? " socket" : " sockets");
    }

    private void json(List<SocketRecord> rows, long destroyed, List<SocketKiller.Outcome> failed, int listeners,
                      List<String> caveats) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("dry_run", !yes);
        doc.put("netns", netns);
        doc.put("matched", rows.stream().map(KillCommand::row).toList());
        doc.put("destroyed", destroyed);
        doc.put("not_destroyed", failed.stream().map(o -> {
            Map<String, Object> m = row(o.target().socket());
            m.put("errno", o.errno());
            m.put("reason", KillAdvice.reason(o.errno()));
            return m;
        }).toList());
        doc.put("listen_left_alone", listeners);
        doc.put("notes", caveats);
        Json.write(out(), doc);
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
}
