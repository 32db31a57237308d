package io.tcpdoctor.diagnose;

import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.TimeWaitAges;
import io.tcpdoctor.observe.Facts;
import io.tcpdoctor.observe.HostFacts;
import io.tcpdoctor.observe.Observation;
import io.tcpdoctor.ports.Destination;
import io.tcpdoctor.ports.PortRange;
import io.tcpdoctor.ports.PortUsage;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What the rules know of one socket table, gathered in one pass over its rows and never keeping the rows: listeners,
 * outgoing sockets per destination (ports in use, TIME_WAIT, likely owner), TIME_WAIT per local port, CLOSE_WAIT per
 * process (or listening port or peer), SYN_RECV per listening port, SYN_SENT per destination, FIN_WAIT2 and
 * unanswered FINs with their peers. Memory grows with listeners, destinations, processes and peers, not with rows;
 * where those could still explode (a million peers) the maps are capped ({@link #MAX_DESTINATIONS},
 * {@link #MAX_GROUPS}, {@link TopCounts#CAP}) and say how much they dropped.
 *
 * <p>Whether a socket is outgoing or accepted depends on whether its local port has a listener, which a stream may
 * show only after the socket. The pass is exact when every listener comes before the connections on its port (the
 * order of netlink and /proc/net/tcp, which dump listeners first), or when the listening ports are known before it
 * starts; {@link Builder#lateListeners()} tells when neither held, so a file can be read again with them known.
 */
public final class SocketIndex {
    /** Destinations with outgoing sockets kept; beyond, the smallest half is dropped and counted. */
    public static final int MAX_DESTINATIONS = 50_000;
    /** CLOSE_WAIT groups and SYN_SENT destinations kept; beyond, the smallest half is dropped and counted. */
    public static final int MAX_GROUPS = 10_000;

    /** CLOSE_WAIT sockets of one process (or, ownerless, of one listening port or one peer). */
    public static final class CloseWaitGroup {
        Owner owner;
        String local;
        long count;
        long maxIdleMs = -1;
        final TopCounts peers = new TopCounts();

        /** The owning process, or null. */
        public Owner owner() {
            return owner;
        }

        /** {@code *:PORT} when every socket of the group is on one listening port, else null. */
        public String local() {
            return local;
        }

        /** CLOSE_WAIT sockets in the group. */
        public long count() {
            return count;
        }

        /** The longest time without data (tcp_info), or -1 when unknown. */
        public long maxIdleMs() {
            return maxIdleMs;
        }

        /** Sockets per peer: the client address on a listening port, else the remote endpoint. */
        public TopCounts peers() {
            return peers;
        }
    }

    /** SYN_RECV sockets of one local port. */
    public static final class SynRecvPort {
        long count;
        final TopCounts sources = new TopCounts();

        /** SYN_RECV sockets on the port. */
        public long count() {
            return count;
        }

        /** Sockets per remote address. */
        public TopCounts sources() {
            return sources;
        }
    }

    /** SYN_SENT sockets to one remote endpoint. */
    public static final class SynSentGroup {
        long count;
        int maxRetrans;
        final Map<Owner, Long> owners = new HashMap<>();

        /** Connection attempts. */
        public long count() {
            return count;
        }

        /** The most SYN retransmissions of one attempt (0 when unknown). */
        public int maxRetrans() {
            return maxRetrans;
        }

        /** Attempts per owning process. */
        public Map<Owner, Long> owners() {
            return owners;
        }
    }

    /** FIN_WAIT2 sockets: how many, how many still held by a process, by whom, to which peers. */
    public static final class FinWait2 {
        long total;
        long held;
        final Map<Owner, Long> holders = new HashMap<>();
        final TopCounts peers = new TopCounts();

        /** FIN_WAIT2 sockets. */
        public long total() {
            return total;
        }

        /** Those with an inode or an owner (not orphaned). */
        public long held() {
            return held;
        }

        /** Held sockets per owning process. */
        public Map<Owner, Long> holders() {
            return holders;
        }

        /** Sockets per remote address. */
        public TopCounts peers() {
            return peers;
        }
    }

    private final boolean records;
    private final Map<Integer, SocketRecord> listeners;
    private final List<SocketRecord> listenRows;
    private final PortUsage usage;
    private final PortUsage reportedUsage;
    private final long outgoing;
    private final long serverTimeWait;
    private final Map<Integer, Long> serverTimeWaitByPort;
    private final TimeWaitAges ages;
    private final Map<Integer, TimeWaitAges> serverAges;
    private final Map<String, CloseWaitGroup> closeWait;
    private final long closeWaitCut;
    private final Map<Integer, SynRecvPort> synRecv;
    private final Map<Endpoint, SynSentGroup> synSent;
    private final long synSentCut;
    private final FinWait2 finWait2;
    private final TopCounts unansweredFinPeers;
    private final boolean ownersKnown;

    private SocketIndex(Builder b, boolean records) {
        this.records = records;
        this.listeners = b.listeners;
        this.listenRows = List.copyOf(b.listenRows);
        Set<Integer> positive = new HashSet<>();
        for (int p : b.listeners.keySet()) {
            if (p > 0) {
                positive.add(p);
            }
        }
        this.usage = b.usage.build(positive);
        this.reportedUsage = b.reportedUsage == null ? usage : b.reportedUsage.build(positive);
        long notOutgoing = 0;
        long twNotOutgoing = 0;
        Map<Integer, Long> perPort = new TreeMap<>();
        for (int p : b.listeners.keySet()) {
            notOutgoing += b.candidates.get(p);
            twNotOutgoing += b.timeWaitCandidates.get(p);
            long tw = b.timeWaitByPort.get(p);
            if (tw > 0) {
                perPort.put(p, tw);
            }
        }
        this.outgoing = b.candidates.total() - notOutgoing;
        this.serverTimeWait = b.timeWait - (b.timeWaitCandidates.total() - twNotOutgoing);
        this.serverTimeWaitByPort = perPort;
        this.ages = b.ages;
        this.serverAges = b.serverAges;
        this.closeWait = b.closeWait;
        this.closeWaitCut = b.closeWaitCut;
        this.synRecv = b.synRecv;
        this.synSent = b.synSent;
        this.synSentCut = b.synSentCut;
        this.finWait2 = b.finWait2;
        this.unansweredFinPeers = b.unansweredFinPeers;
        this.ownersKnown = b.ownersKnown;
    }

    /** The index of an observation held in memory (a live read, a small capture); listeners are found first. */
    public static SocketIndex of(Observation obs) {
        Snapshot snap = obs.snapshot();
        Set<Integer> listening = new HashSet<>();
        if (snap.hasRecords()) {
            for (SocketRecord r : snap.sockets()) {
                if (r.state() == TcpState.LISTEN) {
                    listening.add(r.local().port());
                }
            }
        }
        Builder b = builder(obs.host(), listening);
        if (snap.hasRecords()) {
            snap.sockets().forEach(b);
        }
        return b.build(snap.hasRecords());
    }

    /**
     * A builder for one pass over the rows of a source with these host facts (for the port range);
     * {@code listening} are local ports already known to have a listener (empty when unknown).
     */
    public static Builder builder(HostFacts host, Set<Integer> listening) {
        Facts facts = new Facts(host);
        PortRange quiet = facts.portRangeQuietly();
        // The report's port facts use the range with its assumptions; it differs only for odd sysctl files.
        PortRange reported = new Facts(host).portRange();
        return new Builder(listening, quiet, same(reported, quiet) ? null : reported);
    }

    /** Equal ranges (a PortRange's reserved ports are arrays, which equals() compares by identity). */
    private static boolean same(PortRange a, PortRange b) {
        if (a.low() != b.low() || a.high() != b.high() || a.reserved().size() != b.reserved().size()) {
            return false;
        }
        for (int i = 0; i < a.reserved().size(); i++) {
            if (!java.util.Arrays.equals(a.reserved().get(i), b.reserved().get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Takes rows one at a time; none is kept. */
    public static final class Builder implements Consumer<SocketRecord> {
        private final Set<Integer> known;
        private final Map<Integer, SocketRecord> listeners = new HashMap<>();
        private final List<SocketRecord> listenRows = new ArrayList<>();
        private final PortUsage.Builder usage;
        private final PortUsage.Builder reportedUsage;
        private final PortCounts candidates = new PortCounts();
        private final PortCounts timeWaitCandidates = new PortCounts();
        private final PortCounts timeWaitByPort = new PortCounts();
        private long timeWait;
        private final TimeWaitAges ages = new TimeWaitAges();
        private final Map<Integer, TimeWaitAges> serverAges = new HashMap<>();
        private final Map<String, CloseWaitGroup> closeWait = new LinkedHashMap<>();
        private long closeWaitCut;
        /**
         * The owner of the CLOSE_WAIT socket seen last and its group key: a leak is one process's sockets, and
         * building the key again for each of them (a concatenation) cost diagnose about 2 ms per 1,000 CLOSE_WAIT
         * sockets before the compiler caught up. Compared by identity: a live scan gives one Owner per process.
         */
        private Owner lastCloseWaitOwner;
        private String lastCloseWaitKey;
        private final Map<Integer, SynRecvPort> synRecv = new TreeMap<>();
        private final Map<Endpoint, SynSentGroup> synSent = new HashMap<>();
        private long synSentCut;
        private final FinWait2 finWait2 = new FinWait2();
        private final TopCounts unansweredFinPeers = new TopCounts();
        private boolean ownersKnown;
        /** Local ports (+1) of connections seen while their port had no listener yet. */
        private final BitSet unlistened = new BitSet(65_537);
        private boolean late;
        private long rows;

        Builder(Set<Integer> known, PortRange range, PortRange reportedRange) {
            this.known = Set.copyOf(known);
            this.usage = new PortUsage.Builder(range, MAX_DESTINATIONS);
            this.reportedUsage = reportedRange == null ? null : new PortUsage.Builder(reportedRange, MAX_DESTINATIONS);
        }

        private boolean listening(int port) {
            return known.contains(port) || listeners.containsKey(port);
        }

        @Override
        public void accept(SocketRecord r) {
            rows++;
            TcpState state = r.state();
            int port = r.local().port();
            if (state != TcpState.TIME_WAIT && state != TcpState.SYN_RECV && (r.inode() > 0 || r.owner() != null)) {
                ownersKnown = true;
            }
            if (state == TcpState.LISTEN) {
                listen(r, port);
                return;
            }
            boolean server = listening(port);
            if (!server && port >= -1 && port <= 65_535) {
                unlistened.set(port + 1);
            }
            boolean candidate = state != TcpState.CLOSE && r.remote().port() > 0;
            if (candidate) {
                candidates.add(port);
                if (!(port > 0 && server)) {
                    usage.add(r);
                    if (reportedUsage != null) {
                        reportedUsage.add(r);
                    }
                }
            }
            switch (state) {
                case TIME_WAIT -> {
                    timeWait++;
                    timeWaitByPort.add(port);
                    ages.add(r);
                    if (server) {
                        serverAges.computeIfAbsent(port, k -> new TimeWaitAges()).add(r);
                    }
                    if (candidate) {
                        timeWaitCandidates.add(port);
                    }
                }
                case CLOSE_WAIT -> closeWait(r, port, server);
                case SYN_RECV -> {
                    SynRecvPort p = synRecv.computeIfAbsent(port, k -> new SynRecvPort());
                    p.count++;
                    p.sources.add(r.remote().addressText());
                }
                case SYN_SENT -> synSent(r);
                case FIN_WAIT2 -> {
                    finWait2.total++;
                    // Held open: the socket still has a file (an inode) or an owning process in the source; netstat -p
                    // prints "-" for orphans, which have neither.
                    if (r.inode() > 0 || r.owner() != null) {
                        finWait2.held++;
                        if (r.owner() != null) {
                            finWait2.holders.merge(r.owner(), 1L, Long::sum);
                        }
                    }
                    finWait2.peers.add(r.remote().addressText());
                }
                case FIN_WAIT1, CLOSING, LAST_ACK -> unansweredFinPeers.add(r.remote().addressText());
                default -> {
                }
            }
        }

        private void listen(SocketRecord r, int port) {
            listenRows.add(r);
            if (!listening(port) && port >= -1 && port <= 65_535 && unlistened.get(port + 1)) {
                late = true;
            }
            SocketRecord had = listeners.get(port);
            if (had == null || had.owner() == null) {
                listeners.put(port, r);
            }
        }

        private void closeWait(SocketRecord r, int port, boolean server) {
            String local = server ? "*:" + port : null;
            String key;
            if (r.owner() != null) {
                if (r.owner() != lastCloseWaitOwner) {
                    lastCloseWaitOwner = r.owner();
                    lastCloseWaitKey = "pid:" + r.owner().pid() + ":" + r.owner().name();
                }
                key = lastCloseWaitKey;
            } else if (server) {
                key = "port:" + port;
            } else {
                key = "peer:" + r.remote();
            }
            CloseWaitGroup g = closeWait.get(key);
            if (g == null) {
                if (closeWait.size() >= MAX_GROUPS) {
                    closeWaitCut += prune(closeWait, x -> x.count);
                }
                g = new CloseWaitGroup();
                closeWait.put(key, g);
            }
            g.owner = r.owner();
            g.local = g.count == 0 || Objects.equals(g.local, local) ? local : null;
            g.count++;
            // Clients of a server come from ever-changing ports: their address is the useful peer.
            g.peers.add(server ? r.remote().addressText() : r.remote().toString());
            if (r.info() != null) {
                g.maxIdleMs = Math.max(g.maxIdleMs, r.info().idleMs());
            }
        }

        private void synSent(SocketRecord r) {
            SynSentGroup g = synSent.get(r.remote());
            if (g == null) {
                if (synSent.size() >= MAX_GROUPS) {
                    synSentCut += prune(synSent, x -> x.count);
                }
                g = new SynSentGroup();
                synSent.put(r.remote(), g);
            }
            g.count++;
            g.maxRetrans = Math.max(g.maxRetrans, r.retrans());
            if (r.owner() != null) {
                g.owners.merge(r.owner(), 1L, Long::sum);
            }
        }


        /** Rows seen so far. */
        public long rows() {
            return rows;
        }

        /**
         * True when a listener came after some connection on its port (and the port was not known before): that
         * connection may have been counted as outgoing. Reading the rows again with {@link #listeningPorts()} known
         * makes the index exact.
         */
        public boolean lateListeners() {
            return late;
        }

        /** Every local port seen listening, and those known before. */
        public Set<Integer> listeningPorts() {
            Set<Integer> all = new HashSet<>(known);
            all.addAll(listeners.keySet());
            return all;
        }

        /** The index; {@code records} false for a totals-only source (then nothing was added). */
        public SocketIndex build(boolean records) {
            return new SocketIndex(this, records);
        }
    }

    /** Drops the groups with the smallest counts (at least half, so this runs rarely); returns how many. */
    static <K, G> long prune(Map<K, G> groups, java.util.function.ToLongFunction<G> size) {
        long[] sizes = groups.values().stream().mapToLong(size).sorted().toArray();
        long median = sizes[sizes.length / 2];
        int before = groups.size();
        groups.values().removeIf(g -> size.applyAsLong(g) <= median);
        return before - groups.size();
    }

    /** True when the source had per-socket rows (a totals-only source has none). */
    public boolean hasRecords() {
        return records;
    }

    /** True when some socket listens on this local port. */
    public boolean isListening(int port) {
        return listeners.containsKey(port);
    }

    /** The listener on a local port (one of them when several addresses listen), or null. */
    public SocketRecord listener(int port) {
        return listeners.get(port);
    }

    /** Number of listening ports. */
    public int listenerCount() {
        return listeners.size();
    }

    /** Every LISTEN socket, in the order of the source. */
    public List<SocketRecord> listenRows() {
        return listenRows;
    }

    /** True for a connection this host opened ({@link PortUsage#outgoing(SocketRecord, java.util.Set)}). */
    public boolean outgoing(SocketRecord r) {
        return PortUsage.outgoing(r, listeners.keySet());
    }

    /** Outgoing connections in all. */
    public long outgoingCount() {
        return outgoing;
    }

    /** TIME_WAIT sockets that are not outgoing (the server closed first, or no remote port). */
    public long serverTimeWait() {
        return serverTimeWait;
    }

    /** TIME_WAIT sockets per listening local port, by port. */
    public Map<Integer, Long> serverTimeWaitByPort() {
        return serverTimeWaitByPort;
    }

    /** The ages of every TIME_WAIT socket. */
    public TimeWaitAges timeWaitAges() {
        return ages;
    }

    /** The ages of the TIME_WAIT sockets on a listening port (the server closed first); empty when none. */
    public TimeWaitAges serverTimeWaitAges(int port) {
        TimeWaitAges a = serverAges.get(port);
        return a == null ? new TimeWaitAges() : a;
    }

    /** The ages of the outgoing TIME_WAIT sockets to a destination; empty when none. */
    public TimeWaitAges timeWaitAges(Destination d) {
        return usage.timeWaitAges(d);
    }

    /** Outgoing sockets per destination against the port range the rules use. */
    public PortUsage portUsage() {
        return usage;
    }

    /** The same against the range the report prints (with its assumptions); usually the same object. */
    public PortUsage reportedPortUsage() {
        return reportedUsage;
    }

    /**
     * The process most likely behind ownerless sockets to this destination: the one owning most of its outgoing
     * sockets; null when none does.
     */
    public Owner likelyOwner(Destination destinationKey) {
        return usage.likelyOwner(destinationKey);
    }

    /** CLOSE_WAIT groups in the order first seen, keyed {@code pid:PID:NAME}, {@code port:PORT} or {@code peer:ADDR:PORT}. */
    public Map<String, CloseWaitGroup> closeWait() {
        return closeWait;
    }

    /** CLOSE_WAIT groups dropped to stay bounded. */
    public long closeWaitCut() {
        return closeWaitCut;
    }

    /** SYN_RECV per local port, by port. */
    public Map<Integer, SynRecvPort> synRecv() {
        return synRecv;
    }

    /** SYN_SENT per remote endpoint. */
    public Map<Endpoint, SynSentGroup> synSent() {
        return synSent;
    }

    /** SYN_SENT destinations dropped to stay bounded. */
    public long synSentCut() {
        return synSentCut;
    }

    /** FIN_WAIT2 totals. */
    public FinWait2 finWait2() {
        return finWait2;
    }

    /** FIN_WAIT1, CLOSING and LAST_ACK sockets per remote address. */
    public TopCounts unansweredFinPeers() {
        return unansweredFinPeers;
    }

    /**
     * True when the source tells held sockets from orphans: some socket other than the ownerless mini-sockets has an
     * inode or an owner (a live read, /proc/net/tcp, netstat -p, ss -p or -e). A netstat -tan capture has neither.
     */
    public boolean ownersKnown() {
        return ownersKnown;
    }
}
