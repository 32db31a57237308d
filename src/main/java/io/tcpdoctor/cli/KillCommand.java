package io.tcpdoctor.cli;

import io.tcpdoctor.ExitCode;
import io.tcpdoctor.TcpdoctorException;
import io.tcpdoctor.collect.SocketKiller;
import io.tcpdoctor.kill.KillAdvice;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.query.SocketFilter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
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
                "TIME_WAIT sockets are dropped at once on current kernels (tested on 6.18): the port is free earlier, "
                        + "TIME_WAIT's protection against late duplicates is lost; fewer closes (pooling) is the lasting fix.",
                "Refuses an empty filter (give a state, port, address or process) and LISTEN sockets unless --include-listen."},
        footer = {"", "Examples:",
                "  tcpdoctor kill --state close-wait --dport 8080          # dry run: what would be killed",
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
        if (filter.stateOnly() && filter.allStates()) {
            throw new TcpdoctorException(ExitCode.USAGE, "kill refuses an empty filter: name a state, port, address or "
                    + "process (e.g. --state close-wait --dport 8080)");
        }
        if (!includeListen && filter.states().contains(TcpState.LISTEN) && !filters.states.isEmpty()
                && filter.states().size() == 1) {
            throw new TcpdoctorException(ExitCode.USAGE, "kill refuses LISTEN sockets (the service would stop accepting); "
                    + "add --include-listen if that is what you want");
        }
        List<SocketKiller.Target> found = SocketKiller.find(netns, filter);
        List<SocketKiller.Target> targets = new ArrayList<>();
        int listeners = 0;
        for (SocketKiller.Target t : found) {
            if (t.socket().state() == TcpState.LISTEN && !includeListen) {
                listeners++;
            } else {
                targets.add(t);
            }
        }
        PrintWriter out = out();
        List<SocketRecord> rows = targets.stream().map(SocketKiller.Target::socket).toList();
        if (!rows.isEmpty()) {
            ListCommand.text(out, rows, true);
        }
        if (listeners > 0) {
            err().println("tcpdoctor: note: left " + listeners + " LISTEN socket" + (listeners == 1 ? "" : "s")
                    + " alone (add --include-listen to kill listeners too)");
        }
        if (!yes) {
            out.println("Dry run: " + rows.size() + " socket" + (rows.size() == 1 ? "" : "s")
                    + " match; nothing was killed. Add --yes to destroy " + (rows.size() == 1 ? "it" : "them") + ".");
        } else if (!targets.isEmpty()) {
            report(out, SocketKiller.destroy(netns, targets, KillAdvice::fatal), targets.size());
        } else {
            out.println("No socket matches; nothing was killed.");
        }
        for (String c : KillAdvice.caveats(rows)) {
            out.println("Note: " + c);
        }
        return 0;
    }

    private void report(PrintWriter out, List<SocketKiller.Outcome> outcomes, int asked) {
        SocketKiller.Outcome last = outcomes.getLast();
        if (KillAdvice.fatal(last)) {
            long done = outcomes.stream().filter(SocketKiller.Outcome::destroyed).count();
            out.flush();
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, KillAdvice.fatalMessage(last.errno())
                    + (done > 0 ? " (" + done + " destroyed before the error)" : ""));
        }
        List<SocketKiller.Outcome> failed = outcomes.stream().filter(o -> !o.destroyed()).toList();
        out.println("Destroyed " + (asked - failed.size()) + " of " + asked + " socket" + (asked == 1 ? "" : "s") + ".");
        if (!failed.isEmpty()) {
            out.println("Not destroyed: " + failed.size());
            for (SocketKiller.Outcome o : failed) {
                SocketRecord r = o.target().socket();
                out.println("  " + r.proto() + " " + r.local() + " " + r.remote() + " " + r.state() + ": "
                        + KillAdvice.reason(o.errno()));
            }
        }
    }
}
