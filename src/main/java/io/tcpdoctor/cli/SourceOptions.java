package io.tcpdoctor.cli;

import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.query.SnapshotProvider;
import picocli.CommandLine.Option;

/** Where sockets come from: the live kernel (optionally inside a network namespace). */
public class SourceOptions {
    @Option(names = "--source", paramLabel = "KIND", defaultValue = "auto",
            description = "Live source: auto (netlink sock_diag, falling back to /proc/net/tcp), netlink or proc. Default: ${DEFAULT-VALUE}.")
    String source = "auto";

    @Option(names = {"-N", "--netns"}, paramLabel = "NAME",
            description = "Look inside this named network namespace (as listed by 'ip netns list'), like ss -N. Needs root.")
    String netns;

    /** Opens the provider these options describe. */
    public SnapshotProvider open() {
        return new LiveSnapshots(BaseCommand.usage(() -> LiveSnapshots.Kind.parse(source)), netns);
    }
}
