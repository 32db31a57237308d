package io.tcpdoctor.diagnose;

import io.tcpdoctor.collect.FileNr;
import io.tcpdoctor.collect.KernelCounters;
import io.tcpdoctor.collect.KernelVersion;
import io.tcpdoctor.collect.Netns;
import io.tcpdoctor.collect.ProcessFiles;
import io.tcpdoctor.collect.SockStat;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.query.SnapshotProvider;
import io.tcpdoctor.query.SocketFilter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Takes observations of the running kernel: a snapshot with owners and tcp_info, then the host facts the rules
 * read, from inside the same network namespace. Per-process fd counts are read only for the processes that
 * hold CLOSE_WAIT sockets or the most sockets, to keep repeated observations cheap.
 */
public final class LiveObserver {
    /** How many of the processes holding the most sockets get their fd counts read. */
    static final int TOP_PROCESSES = 10;

    private final SnapshotProvider provider;
    private final String netns;
    private final Path proc;
    private final KernelVersion kernel = KernelVersion.running();

    /** Observes through a live provider; {@code netns} (nullable) must be the provider's namespace. */
    public LiveObserver(SnapshotProvider provider, String netns) {
        this(provider, netns, Path.of("/proc"));
    }

    LiveObserver(SnapshotProvider provider, String netns, Path proc) {
        this.provider = provider;
        this.netns = netns;
        this.proc = proc;
    }

    /** One observation now. */
    public Observation take() {
        Snapshot snap = provider.take(SocketFilter.all(), new SnapshotProvider.Needs(true, true, false));
        return Observation.of(snap, readHost(snap));
    }

    private HostFacts readHost(Snapshot snap) {
        Map<String, String> sysctls = new LinkedHashMap<>();
        KernelCounters counters;
        SockStat sockstat;
        // net.* sysctls and /proc/net files are per namespace: read them from a thread inside it.
        try (Netns ns = Netns.enter(netns)) {
            Sysctls sys = new Sysctls(proc.resolve("sys"));
            for (String key : HostFacts.SYSCTL_KEYS) {
                sys.get(key).ifPresent(v -> sysctls.put(key, v));
            }
            Path procNet = ns.procNet(proc);
            counters = KernelCounters.read(procNet);
            sockstat = SockStat.read(procNet);
        }
        FileNr fileNr = FileNr.read(proc.resolve("sys"));
        Map<Integer, ProcessFiles> processes = new HashMap<>();
        for (int pid : pidsOfInterest(snap)) {
            ProcessFiles pf = ProcessFiles.read(proc, pid);
            if (pf != null) {
                processes.put(pid, pf);
            }
        }
        return new HostFacts(sysctls, counters, sockstat, kernel, processes, fileNr, "live");
    }

    /** Owners of CLOSE_WAIT sockets, then the processes holding the most sockets. */
    static Set<Integer> pidsOfInterest(Snapshot snap) {
        Set<Integer> pids = new LinkedHashSet<>();
        if (!snap.hasRecords()) {
            return pids;
        }
        Map<Integer, Integer> perPid = new HashMap<>();
        for (SocketRecord r : snap.sockets()) {
            Owner o = r.owner();
            if (o == null || o.pid() < 0) {
                continue;
            }
            if (r.state() == TcpState.CLOSE_WAIT) {
                pids.add(o.pid());
            }
            perPid.merge(o.pid(), 1, Integer::sum);
        }
        perPid.entrySet().stream()
                .sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed())
                .limit(TOP_PROCESSES)
                .forEach(e -> pids.add(e.getKey()));
        return pids;
    }
}
