package io.tcpdoctor.collect;

import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.OwnerStats;
import java.io.File;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Finds which process holds each socket inode by reading the {@code socket:[inode]} links in /proc/PID/fd, like
 * {@code ss -p}. Processes that exit mid-scan or whose fds cannot be read are counted, never fatal.
 *
 * <p>The scan can start before the socket dump ({@link #start}) and run beside it, as {@code ss -p} reads /proc
 * before its dump. It first reads the processes of the target network namespace, which hold nearly every socket of
 * it; the processes of other namespaces (which can hold one only through a passed descriptor or a {@code setns})
 * are read afterwards, and only while some wanted socket is still without an owner, stopping as soon as every one
 * has one. So owners stay exactly those {@code ss -p} reports, and a namespace on a busy host costs only its own
 * processes.
 */
public final class OwnerScanner {
    private static final int WORKERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private final Path proc;

    public OwnerScanner() {
        this(Path.of("/proc"));
    }

    public OwnerScanner(Path proc) {
        this.proc = proc;
    }

    /** The owners found for the wanted inodes and how the scan went (unattributed left 0: the caller knows). */
    public record Result(Map<Long, Owner> owners, OwnerStats stats) {
    }

    /**
     * The owners of the inodes a {@link Pending#finish} was given, at the same places (null: none found, or no inode
     * there), and how the scan went (unattributed left 0: the caller knows).
     */
    public record Found(Owner[] owners, OwnerStats stats) {
    }

    /** Scans every process for the wanted inodes, stopping once all are found. */
    public Result scan(Set<Long> wanted) {
        if (wanted.isEmpty()) {
            return new Result(Map.of(), new OwnerStats(0, 0, 0, 0));
        }
        Pass pass = new Pass(pids(), wanted);
        pass.run();
        return new Result(pass.owners(), pass.stats());
    }

    /**
     * Starts reading the socket links of the processes in network namespace {@code netnsKey} (as
     * {@link #namespaceKey} gives it; null: every process) on other threads; {@link Pending#finish} then gives the
     * owners of the sockets the dump found. {@code mayBeFew} false says the processes hold more than
     * {@link #FEW_DESCRIPTORS} descriptors (their namespace has more sockets than that), so they are read with
     * native calls straight away.
     */
    public Pending start(String netnsKey, boolean mayBeFew) {
        Pending p = new Pending(netnsKey, mayBeFew);
        p.first = CompletableFuture.runAsync(p::firstPass, DaemonThreads.EXECUTOR);
        return p;
    }

    /**
     * The identity of a network namespace as /proc/PID/ns/net links show it ({@code net:[4026531840]}): of the
     * named one, or of the calling thread's for null; null when it cannot be read (then no process is set aside).
     */
    public static String namespaceKey(String netns) {
        try {
            if (netns == null) {
                return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
            }
            return "net:[" + Files.getAttribute(Netns.pathOf(netns), "unix:ino") + "]";
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    /** A scan started before the dump. */
    public final class Pending {
        private final String netnsKey;
        private final boolean mayBeFew;
        /** The inodes each thread of the first pass saw, and in which process (read once it has ended). */
        private final List<InodePids> seen = new ArrayList<>();
        /** Descriptors of each process of the first pass, all of whose fds it lists. */
        private final Map<Integer, Integer> listed = new ConcurrentHashMap<>();
        private final List<Integer> others = new ArrayList<>();
        private final Tally tally = new Tally();
        private CompletableFuture<Void> first;

        private Pending(String netnsKey, boolean mayBeFew) {
            this.netnsKey = netnsKey;
            this.mayBeFew = mayBeFew;
        }

        private void firstPass() {
            List<Integer> mine = new ArrayList<>();
            for (int pid : pids()) {
                if (netnsKey != null && isOther(pid)) {
                    others.add(pid);
                } else {
                    mine.add(pid);
                }
            }
            Supplier<PerProcess> perThread = () -> {
                InodePids found = new InodePids();
                synchronized (seen) {
                    seen.add(found);
                }
                return (pid, fds) -> {
                    int n = fds.each(pid, inode -> {
                        found.putIfAbsent(inode, pid);
                        return true;
                    });
                    tally.count(pid, n != FdReader.UNREADABLE);
                    if (n >= 0) {
                        listed.put(pid, n);
                    }
                };
            };
            FdLinks links = mayBeFew ? FdLinks.listUpTo(proc, mine, FEW_DESCRIPTORS) : null;
            if (links != null) {
                PerProcess each = perThread.get();
                for (int pid : mine) {
                    each.scan(pid, links);
                }
            } else {
                parallel(mine, perThread, () -> true);
            }
        }

        /** The process the first pass saw holding the inode, or 0. */
        private int seenBy(long inode) {
            for (InodePids found : seen) {
                int pid = found.get(inode);
                if (pid != 0) {
                    return pid;
                }
            }
            return 0;
        }

        /** True when the process is readable and lives in another network namespace. */
        private boolean isOther(int pid) {
            try {
                return !Files.readSymbolicLink(proc.resolve(pid + "/ns/net")).toString().equals(netnsKey);
            } catch (IOException | UnsupportedOperationException e) {
                // Unreadable (exited, or another user's): the first pass counts it as such.
                return false;
            }
        }

        /**
         * Waits for the first pass, then gives the owners of the inodes (a socket's, or 0 for none), reading other
         * namespaces if some are still without one.
         */
        public Found finish(long[] inodes) {
            try {
                first.join();
            } catch (CompletionException e) {
                // A clear error (such as an unsupported architecture) stays what it was.
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException("owner scan failed", e.getCause());
            }
            Owner[] owners = new Owner[inodes.length];
            Map<Integer, Owner> byPid = new HashMap<>();
            Set<Long> left = new HashSet<>();
            for (int i = 0; i < inodes.length; i++) {
                if (inodes[i] <= 0) {
                    continue;
                }
                int pid = seenBy(inodes[i]);
                if (pid == 0) {
                    left.add(inodes[i]);
                    continue;
                }
                Owner o = byPid.get(pid);
                if (o == null) {
                    o = new Owner(pid, comm(pid));
                    byPid.put(pid, o);
                }
                owners[i] = o;
            }
            // The descriptor counts of the owners only: the others are not asked for, and serve keeps snapshots.
            Map<Integer, Integer> ownersFds = new HashMap<>();
            for (int pid : byPid.keySet()) {
                Integer n = listed.get(pid);
                if (n != null) {
                    ownersFds.put(pid, n);
                }
            }
            OwnerStats first = tally.stats();
            if (left.isEmpty() || others.isEmpty()) {
                return new Found(owners, new OwnerStats(first.processes(), first.denied(), first.vanished(), 0, ownersFds));
            }
            Pass rest = new Pass(others, left);
            rest.run();
            for (int i = 0; i < inodes.length; i++) {
                if (owners[i] == null && inodes[i] > 0) {
                    owners[i] = rest.owners().get(inodes[i]);
                }
            }
            OwnerStats r = rest.stats();
            return new Found(owners, new OwnerStats(first.processes() + r.processes(), first.denied() + r.denied(),
                    first.vanished() + r.vanished(), 0, ownersFds));
        }
    }

    /** One pass over some processes for a set of wanted inodes, ending as soon as all are found. */
    private final class Pass {
        private final List<Integer> pids;
        private final Set<Long> wanted;
        private final Map<Long, Owner> found = new ConcurrentHashMap<>();
        private final AtomicLong remaining;
        private final Tally tally = new Tally();

        Pass(List<Integer> pids, Set<Long> wanted) {
            this.pids = pids;
            this.wanted = wanted;
            this.remaining = new AtomicLong(wanted.size());
        }

        void run() {
            parallel(pids, () -> (pid, fds) -> {
                Owner[] owner = {null};
                tally.count(pid, fds.each(pid, inode -> {
                    if (wanted.contains(inode)) {
                        if (owner[0] == null) {
                            owner[0] = new Owner(pid, comm(pid));
                        }
                        if (found.putIfAbsent(inode, owner[0]) == null) {
                            remaining.decrementAndGet();
                        }
                    }
                    // The rest of this process's descriptors are not needed once every wanted socket has an owner.
                    return remaining.get() > 0;
                }) != FdReader.UNREADABLE);
            }, () -> remaining.get() > 0);
        }

        Map<Long, Owner> owners() {
            return found;
        }

        OwnerStats stats() {
            return tally.stats();
        }
    }

    /**
     * At most this many descriptors in the processes of a first pass are read with the JDK's own file calls
     * ({@link FdLinks}) rather than native ones ({@link FdDirectory}), whose binding costs about 40 ms of CPU before
     * the first call. Measured with diagnose in a namespace of one process holding N descriptors, JDK reader against
     * native (means of 20 runs): 1,010 descriptors 191 / 208 ms, 2,010: 209 / 225 ms, 4,010: 213 / 237 ms, 8,010:
     * 284 / 289 ms, 16,010: 400 / 373 ms.
     */
    static final int FEW_DESCRIPTORS = 5_000;

    /** What a worker does with one process. */
    private interface PerProcess {
        void scan(int pid, FdReader fds);
    }

    /**
     * Runs the work over the pids on up to {@link #WORKERS} threads (this one included) while {@code more}; each
     * thread takes its own {@link PerProcess} from {@code perThread}.
     */
    private void parallel(List<Integer> pids, Supplier<PerProcess> perThread, BooleanSupplier more) {
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            PerProcess work = perThread.get();
            try (Arena arena = Arena.ofConfined()) {
                FdDirectory fds = new FdDirectory(proc, arena);
                int i;
                while (more.getAsBoolean() && (i = next.getAndIncrement()) < pids.size()) {
                    work.scan(pids.get(i), fds);
                }
            }
        };
        List<Future<?>> running = new ArrayList<>();
        for (int w = 1; w < Math.min(WORKERS, pids.size()); w++) {
            running.add(DaemonThreads.EXECUTOR.submit(worker));
        }
        worker.run();
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException("owner scan failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("owner scan interrupted", e);
            }
        }
    }

    /** How one pass went: processes read, and those that could not be (denied, or exited during the scan). */
    private final class Tally {
        private final AtomicInteger scanned = new AtomicInteger();
        private final AtomicInteger denied = new AtomicInteger();
        private final AtomicInteger vanished = new AtomicInteger();

        void count(int pid, boolean read) {
            if (read) {
                scanned.incrementAndGet();
            } else if (Files.exists(proc.resolve(Integer.toString(pid)))) {
                denied.incrementAndGet();
            } else {
                vanished.incrementAndGet();
            }
        }

        OwnerStats stats() {
            return new OwnerStats(scanned.get(), denied.get(), vanished.get(), 0);
        }
    }


    /** Every process id under /proc. */
    private List<Integer> pids() {
        String[] names = new File(proc.toString()).list();
        List<Integer> pids = new ArrayList<>();
        if (names != null) {
            for (String n : names) {
                if (!n.isEmpty() && Character.isDigit(n.charAt(0))) {
                    try {
                        pids.add(Integer.parseInt(n));
                    } catch (NumberFormatException ignored) {
                        // not a process directory
                    }
                }
            }
        }
        return pids;
    }

    private String comm(int pid) {
        try {
            return Files.readString(proc.resolve(pid + "/comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return null;
        }
    }
}
