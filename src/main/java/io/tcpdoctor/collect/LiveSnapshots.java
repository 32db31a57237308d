package io.tcpdoctor.collect;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.OwnerStats;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.SnapshotProvider;
import io.tcpdoctor.model.SocketFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Snapshots of the running kernel: netlink first, /proc/net/tcp when netlink is unavailable or asked for, and for a
 * small table of the calling thread's own namespace where /proc gives all the caller needs (a count; a quiet table
 * for a diagnosis), since netlink's native binding costs a short command more than such a read.
 */
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
     * Tables up to this many sockets are counted from /proc/net/tcp when the source is automatic and the system calls
     * go through FFM. Measured: at 20,000 sockets both ways cost about the same CPU time; below, the native binding
     * netlink needs costs more than /proc. scripts/launch-options.sh repeats it to choose the start-up cache (a shell
     * cannot ask the jar without a JVM).
     */
    public static final long PROC_COUNT_LIMIT = 20_000;

    /**
     * {@link #PROC_COUNT_LIMIT} with the native library, which binds nothing (launch-options.sh repeats it too).
     * Measured with states, 15 interleaved rounds: an empty namespace 2.7 ms faster from /proc, 4,000 quiet sockets
     * the same both ways, 10,000 sockets 8 ms faster through netlink.
     */
    public static final long PROC_COUNT_LIMIT_NATIVE = 2_000;

    /**
     * Quiet tables up to this many sockets are read from /proc/net/tcp, records and all, when the caller allows it
     * ({@link SnapshotProvider.Needs#procWhenQuiet}) and the system calls go through FFM. Measured with diagnose
     * (whole runs, interleaved): an empty table 30-50 ms faster than through netlink, 2,000 sockets about 8 ms, 16,000
     * the same or slower; parsing a row of /proc costs more than decoding netlink's, the binding is paid once. With
     * the native library netlink is as fast on an empty table and faster on a quiet one (diagnose of 4,000 quiet
     * sockets 162 against 189 ms, 15 rounds): no table is read from /proc then.
     */
    public static final long PROC_RECORDS_LIMIT = 5_000;

    /** Whether the launcher named the native library: no binding to save then ({@link Libc#nativeLibraryNamed}). */
    private static final boolean NATIVE = Libc.nativeLibraryNamed();

    private static long procCountLimit() {
        return NATIVE ? PROC_COUNT_LIMIT_NATIVE : PROC_COUNT_LIMIT;
    }

    /**
     * How many sockets the table of an automatic source on the calling thread's own namespace holds; null for a named
     * namespace (it needs a native call, setns, anyway), another source, or when /proc/net/sockstat cannot be read.
     */
    private SockStat.TcpSockets tableSockets() {
        if (kind != Kind.AUTO || netns != null || !(source instanceof NetlinkSource)) {
            return null;
        }
        SockStat.TcpSockets counted = SockStat.tcpSockets(java.nio.file.Path.of("/proc/net"));
        // The training takes the owner scan too, even where no process holds a socket.
        return trainingAsSmallAndQuiet ? new SockStat.TcpSockets(0, 1) : counted;
    }

    /**
     * While true, the automatic source reads the calling namespace's table as a small, quiet one whatever it holds:
     * counts and records from /proc, the owners first with the JDK's reader. Only the start-up cache's training sets
     * it ({@link #asIfSmallAndQuiet(Runnable)}).
     */
    private static volatile boolean trainingAsSmallAndQuiet;

    /**
     * Runs the work with the automatic source reading every table as a small, quiet one, for the start-up cache's
     * training: a cache is recorded wherever tcpdoctor first runs, and one recorded on a busy host would otherwise
     * lack the classes these paths load, which a run on a quiet table then reads from the jar (measured, commands in
     * an empty namespace from caches recorded beside 25,000 sockets: diagnose 36 ms, list -p 18 ms, states 5 ms more).
     */
    public static void asIfSmallAndQuiet(Runnable work) {
        trainingAsSmallAndQuiet = true;
        try {
            work.run();
        } finally {
            trainingAsSmallAndQuiet = false;
        }
    }

    private static boolean atMost(long size, long limit) {
        return size >= 0 && size <= limit;
    }

    /** The name of the source actually used (after any fallback). */
    public String sourceName() {
        return source.name();
    }

    @Override
    public Snapshot take(SocketFilter filter, Needs needs) {
        return take(filter, needs, () -> { });
    }

    /**
     * {@link #take(SocketFilter, Needs)}, running {@code meanwhile} once on the calling thread after the table is
     * read and before the owners are waited for: work of the caller's own (reading the host's counters) then takes
     * the time this thread would spend waiting for the owner scan.
     */
    public Snapshot take(SocketFilter filter, Needs needs, Runnable meanwhile) {
        boolean owners = needs.owners() || filter.needsOwners();
        SockStat.TcpSockets table = tableSockets();
        long size = table == null ? -1 : table.all();
        if (needs.countsOnly() && !owners && filter.stateOnly()) {
            Snapshot counted;
            if (atMost(size, procCountLimit())) {
                // /proc/net/tcp of a small table costs less than netlink's first call (its binding without the native
                // library; with it, loading the netlink classes).
                ProcSource proc = new ProcSource(netns, users);
                counted = Snapshot.ofCounts(Instant.now(), describe(proc), proc.count(filter), notes);
            } else {
                StateCounts c = withFallback(() -> source.count(filter));
                counted = Snapshot.ofCounts(Instant.now(), describe(), c, notes);
            }
            meanwhile.run();
            return counted;
        }
        // The owner scan reads /proc while the kernel dumps the sockets, as ss -p does. A table of more sockets than
        // the scan's JDK reader is for means as many descriptors at least (TIME_WAIT aside): it need not try. With
        // the native library the native reader is the faster at every size (list -p of 4,000 quiet sockets 137
        // against 159 ms, 15 rounds).
        boolean mayBeFew = !NATIVE && (size < 0 || size <= OwnerScanner.FEW_DESCRIPTORS);
        // No full socket (none at all, or TIME_WAIT alone): no process holds one, and there is nobody to look for.
        OwnerScanner.Pending scan = owners && (table == null || table.full() > 0)
                ? new OwnerScanner().start(OwnerScanner.namespaceKey(netns), mayBeFew) : null;
        Instant at = Instant.now();
        ProcSource proc = needs.procWhenQuiet() && !NATIVE && atMost(size, PROC_RECORDS_LIMIT)
                ? new ProcSource(netns, users) : null;
        List<SocketRecord> all = proc != null ? quietRows(proc, filter, needs.tcpInfo()) : null;
        String from;
        if (all != null) {
            from = describe(proc);
        } else {
            all = withFallback(() -> {
                List<SocketRecord> rs = new ArrayList<>();
                source.scan(filter, needs.tcpInfo(), rs::add);
                return rs;
            });
            from = describe();
        }
        meanwhile.run();
        OwnerStats stats = null;
        if (owners) {
            long[] inodes = new long[all.size()];
            for (int i = 0; i < inodes.length; i++) {
                inodes[i] = all.get(i).inode();
            }
            OwnerScanner.Found res = scan != null ? scan.finish(inodes)
                    : new OwnerScanner.Found(new Owner[inodes.length], new OwnerStats(0, 0, 0, 0));
            long unattributed = 0;
            for (int i = 0; i < inodes.length; i++) {
                if (inodes[i] > 0) {
                    Owner o = res.owners()[i];
                    if (o != null) {
                        all.set(i, all.get(i).withOwner(o));
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
        return Snapshot.ofRecords(at, from, kept, notes, stats);
    }

    /**
     * The rows of /proc/net/tcp and tcp6 when none of them needs what only netlink gives
     * ({@link SnapshotProvider.Needs#procWhenQuiet}); null otherwise, and when /proc cannot be read. Netlink's
     * native binding costs a short command about 40 ms of CPU; /proc of a small table costs less. The tables are read
     * once; a loud one is seen by a look at each row's state and queue, before any row is parsed.
     */
    private List<SocketRecord> quietRows(ProcSource proc, SocketFilter filter, boolean tcpInfo) {
        List<byte[]> tables;
        try {
            tables = proc.tables(filter);
        } catch (TcpdoctorException e) {
            return null;
        }
        for (byte[] t : tables) {
            if (ProcSource.anyRow(t, (state, rx) -> needsNetlink(state, rx, tcpInfo)) && !trainingAsSmallAndQuiet) {
                return null;
            }
        }
        List<SocketRecord> rows = new ArrayList<>();
        for (byte[] t : tables) {
            ProcSource.rows(t, filter, users, rows::add);
        }
        return rows;
    }

    /**
     * True for a /proc row whose reading needs what only netlink gives: a listener with a connection waiting to be
     * accepted (its backlog), a SYN_RECV connection (its listener's backlog), a CLOSE_WAIT one when tcp_info is
     * asked for (how long it has been idle).
     */
    static boolean needsNetlink(TcpState state, long recvQ, boolean tcpInfo) {
        return switch (state) {
            case LISTEN -> recvQ > 0;
            case SYN_RECV -> true;
            case CLOSE_WAIT -> tcpInfo;
            default -> false;
        };
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
