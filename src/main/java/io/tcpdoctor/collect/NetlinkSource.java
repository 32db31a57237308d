package io.tcpdoctor.collect;

import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.StateSet;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.SocketFilter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Live sockets through netlink sock_diag, as {@code ss} reads them. The kernel's walk over the socket
 * tables is most of the cost, so the dump is split into two state halves filtered in the kernel, and the parts
 * run in parallel on their own sockets. Both families come from one walk per part (the older request, as
 * {@code ss} sends it): a request per family walks every socket of the table once per family.
 */
public final class NetlinkSource implements SocketSource {
    /** One half of the states (the other half is the rest); chosen so common loads split roughly evenly. */
    private static final int HALF_A = StateSet.kernelMask(EnumSet.of(TcpState.ESTABLISHED, TcpState.SYN_SENT,
            TcpState.SYN_RECV, TcpState.FIN_WAIT1, TcpState.LISTEN, TcpState.CLOSE, TcpState.CLOSING));

    private final String netns;
    private final UidNames users;

    public NetlinkSource(String netns, UidNames users) {
        this.netns = netns;
        this.users = users;
    }

    @Override
    public String name() {
        return "netlink";
    }

    /** One dump: a family, a kernel state mask, and the socket it runs on. */
    private record Part(int af, int mask, NetlinkSocket socket) {
    }

    /**
     * False once the kernel refused a request for both families (none known does; it is the older interface):
     * then each family has its own request.
     */
    private static volatile boolean bothInOne = true;

    /** Opens one socket per part inside the namespace (sockets keep the namespace they were made in). */
    private List<Part> plan(SocketFilter filter, boolean together) {
        int mask = filter.kernelStateMask();
        List<Integer> masks = new ArrayList<>(2);
        if ((mask & HALF_A) != 0 && (mask & ~HALF_A) != 0) {
            masks.add(mask & HALF_A);
            masks.add(mask & ~HALF_A);
        } else {
            masks.add(mask);
        }
        List<Integer> families = new ArrayList<>(2);
        if (together && filter.ipv4() && filter.ipv6()) {
            families.add(InetDiag.AF_UNSPEC);
        } else {
            if (filter.ipv4()) {
                families.add(InetDiag.AF_INET);
            }
            if (filter.ipv6()) {
                families.add(InetDiag.AF_INET6);
            }
        }
        List<Part> parts = new ArrayList<>(4);
        try (Netns ignored = Netns.enter(netns)) {
            for (int af : families) {
                for (int m : masks) {
                    parts.add(new Part(af, m, NetlinkSocket.open(NetlinkSocket.NETLINK_SOCK_DIAG)));
                }
            }
        } catch (RuntimeException e) {
            parts.forEach(p -> p.socket.close());
            throw e;
        }
        return parts;
    }

    /** Runs the parts of the filter's dump, both families in one request unless the kernel refused that. */
    private <T> List<T> dump(SocketFilter filter, Function<Part, T> work) {
        if (bothInOne && filter.ipv4() && filter.ipv6()) {
            try {
                return runAll(plan(filter, true), work);
            } catch (NetlinkSocket.RefusedException e) {
                // Only a refusal of the request: a socket that cannot be opened or read fails the same either way.
                bothInOne = false;
            }
        }
        return runAll(plan(filter, false), work);
    }

    /** Runs every part (the first on this thread), returning results in plan order; closes the sockets. */
    private <T> List<T> runAll(List<Part> parts, Function<Part, T> work) {
        try {
            List<CompletableFuture<T>> others = new ArrayList<>();
            for (int i = 1; i < parts.size(); i++) {
                Part p = parts.get(i);
                others.add(CompletableFuture.supplyAsync(() -> work.apply(p), DaemonThreads.EXECUTOR));
            }
            List<T> results = new ArrayList<>(parts.size());
            if (!parts.isEmpty()) {
                results.add(work.apply(parts.get(0)));
            }
            for (CompletableFuture<T> f : others) {
                results.add(join(f));
            }
            return results;
        } finally {
            parts.forEach(p -> p.socket.close());
        }
    }

    @Override
    public void scan(SocketFilter filter, boolean withInfo, Consumer<SocketRecord> sink) {
        List<List<SocketRecord>> lists = dump(filter, p -> {
            List<SocketRecord> out = new ArrayList<>();
            InetDiag.dump(p.socket, p.af, p.mask, withInfo, users, out::add);
            return out;
        });
        for (List<SocketRecord> l : lists) {
            l.forEach(sink);
        }
    }

    @Override
    public StateCounts count(SocketFilter filter) {
        StateCounts total = new StateCounts();
        for (StateCounts c : dump(filter, p -> {
            StateCounts mine = new StateCounts();
            InetDiag.count(p.socket, p.af, p.mask, mine);
            return mine;
        })) {
            total.addAll(c);
        }
        return total;
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
