package io.tcpdoctor.cli;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.collect.SocketKiller;
import io.tcpdoctor.kill.KillAdvice;
import io.tcpdoctor.kill.KillReport;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.SocketFilter;
import io.tcpdoctor.render.Format;
import io.tcpdoctor.render.Json;
import io.tcpdoctor.render.SocketRows;
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
        if (listeners > 0) {
            err().println("tcpdoctor: note: left " + listeners + " LISTEN socket" + (listeners == 1 ? "" : "s")
                    + " alone (add --include-listen to kill listeners too)");
            err().flush();
        }
        KillReport report = new KillReport(!yes, netns, targets.stream().map(SocketKiller.Target::socket).toList(),
                yes && !targets.isEmpty() ? SocketKiller.destroy(netns, targets, KillAdvice::fatal) : List.of(), listeners);
        SocketKiller.Outcome fatal = report.fatal();
        if (fmt == Format.JSON && fatal == null) {
            Json.write(out(), report.document());
            return 0;
        }
        PrintWriter out = out();
        if (!report.matched().isEmpty()) {
            SocketRows rows = SocketRows.of(io.tcpdoctor.render.Format.TEXT, out, true);
            report.matched().forEach(rows::row);
            rows.end();
        }
        if (fatal != null) {
            out.flush();
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, KillAdvice.fatalMessage(fatal.errno())
                    + (report.destroyed() > 0 ? " (" + report.destroyed() + " destroyed before the error)" : ""));
        }
        report.summary().forEach(out::println);
        return 0;
    }
}
