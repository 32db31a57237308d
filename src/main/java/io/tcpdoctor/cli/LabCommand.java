package io.tcpdoctor.cli;

import io.tcpdoctor.lab.Lab;
import io.tcpdoctor.lab.LabGuide;
import io.tcpdoctor.lab.LabOptions;
import io.tcpdoctor.lab.Scenario;
import io.tcpdoctor.lab.Scenarios;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tcpdoctor lab}: makes a known TCP problem happen on loopback or in a namespace of its own, then cleans up. */
@Command(name = "lab", sortOptions = false,
        description = {"Make a known TCP problem happen on purpose, watch tcpdoctor catch it, compare with the fix.",
                "Runs on loopback (127.0.0.1) or, with --netns (root), in a network namespace it creates and deletes; "
                        + "scenarios that change sysctls or firewall rules always use their own namespace, never the host's.",
                "Holds the problem for --duration (Ctrl-C ends it early), prints what to run to see it, then closes every "
                        + "socket and deletes its namespaces. Namespaces are named tcpdoctor-lab-PID-SCENARIO; one left by a "
                        + "lab killed with SIGKILL is removed by the next lab run.",
                "",
                "Scenarios (fixed variants in brackets; * = always in a namespace of its own, root):",
                "  time-wait         client opens a connection per request, closes first",
                "                    [pool, linger]",
                "  server-time-wait  server closes first after answering [pool, client-closes]",
                "  close-wait        server never closes after the peer closed; --fd-limit N",
                "                    makes it run out of descriptors (EMFILE) [close]",
                "  fin-wait2         client half-closes, server stays silent [close]",
                "  syn-sent        * destination drops SYNs (nft rule in the lab namespace)",
                "  port-exhaustion * narrowed port range until connect() fails with",
                "                    EADDRNOTAVAIL [pool, tw-reuse]",
                "  accept-overflow   listener that never accepts, small backlog [accept]",
                "  syn-flood       * SYN-ACKs dropped between two lab namespaces: SYN_RECV",
                "                    fills the listener's queue"},
        footer = {"", "Examples:",
                "  tcpdoctor lab close-wait           # 100 CLOSE_WAIT on loopback for 60 s",
                "  sudo tcpdoctor lab port-exhaustion --duration 5m",
                "  sudo tcpdoctor lab time-wait --netns --fixed=pool",
                "  sudo tcpdoctor lab close-wait --netns --fd-limit 64",
                "", "Exit codes: 0 done, 2 bad option or scenario, 3 needs root (namespace) or a missing tool (ip, nft)."})
public class LabCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO", description = "The problem to make (see the list above).")
    String scenario;

    @Option(names = "--count", paramLabel = "N", description = "Connections to make (each scenario has a default that makes its finding fire).")
    int count;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "500",
            description = "New connections per second at most; 0 = as fast as possible. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long to hold the problem before cleaning up (e.g. 30s, 5m; at most 1h). Default: ${DEFAULT-VALUE}.")
    String duration;

    @Option(names = "--netns", description = "Run inside a network namespace of its own (needs root), away from the host's sockets.")
    boolean netns;

    @Option(names = "--fixed", arity = "0..1", fallbackValue = "", paramLabel = "VARIANT",
            description = "Run the fixed variant instead (the first one listed when no VARIANT is given), to compare.")
    String fixed;

    @Option(names = "--fd-limit", paramLabel = "N",
            description = "close-wait only: run the server as a child process with this open-files limit, so it hits EMFILE.")
    int fdLimit;

    @Option(names = "--backlog", paramLabel = "N", description = "Listen backlog (accept-overflow, syn-flood).")
    int backlog;

    @Option(names = "--ports", paramLabel = "N", description = "port-exhaustion: size of the narrowed port range (default 200).")
    int ports;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = out();
        if (format() != io.tcpdoctor.render.Format.TEXT) {
            throw new io.tcpdoctor.error.TcpdoctorException(io.tcpdoctor.error.ExitCode.USAGE, "lab prints text only; "
                    + "read the lab's sockets with 'tcpdoctor states -N NAME --format json'");
        }
        if (scenario == null) {
            for (Scenario s : Scenarios.ALL) {
                out.println(s.name() + ": " + s.teaches());
            }
            return 0;
        }
        Scenario s = usage(() -> Scenarios.get(scenario));
        java.time.Duration hold = Durations.parse("--duration", duration, java.time.Duration.ofMillis(1), LabOptions.MAX_DURATION);
        LabOptions opts = usage(() -> new LabOptions(count, rate, hold, netns, fixed, fdLimit, backlog, ports));
        try (Lab lab = usage(() -> Lab.start(s, opts))) {
            PrintWriter err = err();
            lab.onExit(() -> {
                err.println("tcpdoctor: lab interrupted: sockets closed" + (lab.netns() == null ? "" : ", namespace deleted"));
                err.flush();
            });
            LabGuide.intro(lab).forEach(out::println);
            out.flush();
            err().println("holding for " + lab.remaining().toSeconds() + " s; Ctrl-C ends it early");
            err().flush();
            lab.hold();
        }
        out.println("lab ended: sockets closed" + (netns || s.isolation() != Scenario.Isolation.LOOPBACK ? ", namespace deleted" : ""));
        return 0;
    }
}
