package io.tcpdoctor.observe;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.collect.FileNr;
import io.tcpdoctor.collect.KernelCounters;
import io.tcpdoctor.collect.KernelVersion;
import io.tcpdoctor.collect.LiveSnapshots;
import io.tcpdoctor.collect.Netns;
import io.tcpdoctor.collect.ProcessFiles;
import io.tcpdoctor.collect.SockStat;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.SnapshotProvider;
import io.tcpdoctor.model.SocketFilter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Observes the running kernel. Every read inside a named namespace, {@code setns} included, runs on one platform
 * thread owned by this observer: a namespace belongs to a thread, and a virtual thread may move between carrier
 * threads, so callers on any thread (a web server's virtual threads, a terminal loop) get the same namespace. The
 * host's own tables need no {@code setns}: a platform thread reads them itself, so a one-shot {@code states} starts
 * no thread; a virtual thread still hands the reads to the observer's thread.
 * Per-process fd counts are read only for the processes that hold CLOSE_WAIT sockets or the most sockets, to
 * keep repeated observations cheap.
 */
final class LiveObserver implements Observer {
    /** How many of the processes holding the most sockets get their fd counts read. */
    static final int TOP_PROCESSES = 10;

    private final String netns;
    private final Needs needs;
    private final Path proc = Path.of("/proc");
    /** The observer's own thread, started on first need. */
    private ExecutorService thread;
    private volatile Thread worker;
    private final LiveSnapshots sockets;
    private KernelVersion kernel;

    LiveObserver(LiveSnapshots.Kind kind, String netns, Needs needs) {
        this.netns = netns == null || netns.isEmpty() ? null : netns;
        this.needs = needs;
        this.sockets = new LiveSnapshots(kind, this.netns);
    }

    @Override
    public Observation observe(SocketFilter filter) {
        return onThread(() -> take(filter));
    }

    private Observation take(SocketFilter filter) {
        // The namespace's counters and sysctls are read while the owner scan goes on (the dump is done by then).
        NamespaceFacts facts = needs.hostFacts() ? new NamespaceFacts() : null;
        Snapshot snap = sockets.take(filter, providerNeeds(needs), facts == null ? () -> { } : facts::read);
        HostFacts host = facts == null ? HostFacts.none() : readHost(facts, snap);
        return new Observation(snap.takenAt(), netns, snap, host, snap.source(), true);
    }

    /** The snapshot request these needs make. */
    static SnapshotProvider.Needs providerNeeds(Needs needs) {
        return new SnapshotProvider.Needs(needs.owners(), needs.tcpInfo(), !needs.records(), needs.procWhenQuiet());
    }

    @Override
    public Needs needs() {
        return needs;
    }

    @Override
    public String describe() {
        return sockets.describe();
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }

    private synchronized ExecutorService thread() {
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = Thread.ofPlatform().daemon().name("tcpdoctor-observe" + (netns == null ? "" : "-" + netns))
                        .unstarted(r);
                worker = t;
                return t;
            });
        }
        return thread;
    }

    /** Runs {@code work} on this observer's thread and hands back its result or its exception. */
    private <T> T onThread(Callable<T> work) {
        Thread caller = Thread.currentThread();
        if (caller == worker || netns == null && !caller.isVirtual()) {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        Future<T> f = thread().submit(work);
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new TcpdoctorException(ExitCode.INTERNAL, "interrupted while observing " + describe());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** What the host facts take from the namespace and the kernel, read apart from the sockets' owners. */
    private final class NamespaceFacts {
        Map<String, String> sysctls;
        KernelCounters counters;
        SockStat sockstat;
        FileNr fileNr;

        void read() {
            if (kernel == null) {
                kernel = KernelVersion.running();
            }
            // net.* sysctls and /proc/net files are per namespace: read them from inside it.
            try (Netns ns = Netns.enter(netns)) {
                sysctls = HostFacts.readSysctls(new Sysctls(proc.resolve("sys")));
                Path procNet = ns.procNet(proc);
                counters = KernelCounters.read(procNet);
                sockstat = SockStat.read(procNet);
            }
            fileNr = FileNr.read(proc.resolve("sys"));
        }
    }

    private HostFacts readHost(NamespaceFacts facts, Snapshot snap) {
        Map<Integer, ProcessFiles> processes = new HashMap<>();
        // The owner scan has listed the fds of the processes it found in the namespace: their counts are reused.
        Map<Integer, Integer> listed = snap.owners() == null ? Map.of() : snap.owners().openFds();
        for (int pid : pidsOfInterest(snap)) {
            ProcessFiles pf = ProcessFiles.read(proc, pid, listed.getOrDefault(pid, -1));
            if (pf != null) {
                processes.put(pid, pf);
            }
        }
        return new HostFacts(facts.sysctls, facts.counters, facts.sockstat, kernel, processes, facts.fileNr, "live");
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
                .sorted((a, b) -> Integer.compare(b.getValue(), a.getValue()))
                .limit(TOP_PROCESSES)
                .forEach(e -> pids.add(e.getKey()));
        return pids;
    }
}
