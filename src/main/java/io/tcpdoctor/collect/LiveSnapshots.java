package io.tcpdoctor.collect;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.OwnerStats;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.SnapshotProvider;
import io.tcpdoctor.model.SocketFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Snapshots of the running kernel: netlink first, /proc/net/tcp when netlink is unavailable or asked for. */
public final class LiveSnapshots implements SnapshotProvider {
    /** Which kernel interface to read. */
    public enum Kind {
        AUTO, NETLINK, PROC;

        public static Kind parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown source '" + s + "'; valid: auto, netlink, proc");
            }
        }
    }

    private final Kind kind;
    private final String netns;
    private final UidNames users = UidNames.load();
    private final List<Problem> notes = new ArrayList<>();
    private SocketSource source;

    public LiveSnapshots(Kind kind, String netns) {
        this(kind, netns, null);
    }

    /** With a given primary source instead of netlink (tests of the fallback). */
    LiveSnapshots(Kind kind, String netns, SocketSource primary) {
        this.kind = kind;
        this.netns = netns;
        this.source = primary != null ? primary : kind == Kind.PROC ? new ProcSource(netns, users) : new NetlinkSource(netns, users);
    }

    @Override
    public String describe() {
        return describe(source);
    }

    private String describe(SocketSource s) {
        return "live " + s.name() + (netns == null || netns.isEmpty() ? "" : " netns " + netns);
    }

    /**
     * Tables up to this many sockets are counted from /proc/net/tcp when the source is automatic. Measured: at 20,000
     * sockets both ways cost about the same CPU time; below, the native binding netlink needs costs more than /proc.
     * scripts/launch-options.sh repeats it to choose the start-up cache (a shell cannot ask the jar without a JVM).
     */
    static final long PROC_COUNT_LIMIT = 20_000;

    /**
     * True when an automatic source on the calling thread's own namespace has a table small enough to count from
     * /proc: a named namespace needs a native call (setns) anyway, and netlink is faster per socket.
     */
    private boolean smallTable() {
        if (kind != Kind.AUTO || netns != null || !(source instanceof NetlinkSource)) {
            return false;
        }
        long n = SockStat.tcpSockets(java.nio.file.Path.of("/proc/net"));
        return n >= 0 && n <= PROC_COUNT_LIMIT;
    }

    /** The name of the source actually used (after any fallback). */
    public String sourceName() {
        return source.name();
    }

    @Override
    public Snapshot take(SocketFilter filter, Needs needs) {
        boolean owners = needs.owners() || filter.needsOwners();
        if (needs.countsOnly() && !owners && filter.stateOnly()) {
            if (smallTable()) {
                // Binding the first native call costs more than /proc/net/tcp takes to read a small table.
                ProcSource proc = new ProcSource(netns, users);
                return Snapshot.ofCounts(Instant.now(), describe(proc), proc.count(filter), notes);
            }
            StateCounts c = withFallback(() -> source.count(filter));
            return Snapshot.ofCounts(Instant.now(), describe(), c, notes);
        }
        // The owner scan reads /proc while the kernel dumps the sockets, as ss -p does.
        OwnerScanner.Pending scan = owners ? new OwnerScanner().start(OwnerScanner.namespaceKey(netns)) : null;
        Instant at = Instant.now();
        List<SocketRecord> all = withFallback(() -> {
            List<SocketRecord> rs = new ArrayList<>();
            source.scan(filter, needs.tcpInfo(), rs::add);
            return rs;
        });
        OwnerStats stats = null;
        if (owners) {
            Set<Long> inodes = new HashSet<>(all.size() * 2);
            for (SocketRecord r : all) {
                if (r.inode() > 0) {
                    inodes.add(r.inode());
                }
            }
            OwnerScanner.Result res = scan.finish(inodes);
            long unattributed = 0;
            for (int i = 0; i < all.size(); i++) {
                SocketRecord r = all.get(i);
                if (r.inode() > 0) {
                    Owner o = res.owners().get(r.inode());
                    if (o != null) {
                        all.set(i, r.withOwner(o));
                    } else {
                        unattributed++;
                    }
                }
            }
            OwnerStats s = res.stats();
            stats = new OwnerStats(s.processes(), s.denied(), s.vanished(), unattributed, s.openFds());
        }
        List<SocketRecord> kept = filter.stateOnly() && filter.allStates() ? all : new ArrayList<>(all.size());
        if (kept != all) {
            for (SocketRecord r : all) {
                if (filter.test(r)) {
                    kept.add(r);
                }
            }
        }
        return Snapshot.ofRecords(at, describe(), kept, notes, stats);
    }

    private <T> T withFallback(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (NetlinkSocket.UnavailableException e) {
            if (kind != Kind.AUTO) {
                throw new TcpdoctorException(ExitCode.UNAVAILABLE, e.getMessage()
                        + " (try --source proc)");
            }
            notes.add(Problem.of("netlink sock_diag unavailable (" + e.getMessage() + "); read /proc/net/tcp instead"));
            source = new ProcSource(netns, users);
            return read.get();
        }
    }
}
