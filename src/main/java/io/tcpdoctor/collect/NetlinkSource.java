package io.tcpdoctor.collect;

import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.query.SocketFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Live sockets through netlink sock_diag, as {@code ss} reads them. The IPv4 and IPv6 dumps run in
 * parallel on their own sockets; states are filtered in the kernel.
 */
public final class NetlinkSource implements SocketSource {
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

    /** Opens one socket per requested family inside the namespace (sockets keep their namespace). */
    private List<Family> open(SocketFilter filter) {
        List<Family> fams = new ArrayList<>(2);
        try (Netns ignored = Netns.enter(netns)) {
            if (filter.ipv4()) {
                fams.add(new Family(InetDiag.AF_INET, NetlinkSocket.open(NetlinkSocket.NETLINK_SOCK_DIAG)));
            }
            if (filter.ipv6()) {
                fams.add(new Family(InetDiag.AF_INET6, NetlinkSocket.open(NetlinkSocket.NETLINK_SOCK_DIAG)));
            }
        } catch (RuntimeException e) {
            fams.forEach(f -> f.socket.close());
            throw e;
        }
        return fams;
    }

    private record Family(int af, NetlinkSocket socket) {
    }

    @Override
    public void scan(SocketFilter filter, boolean withInfo, Consumer<SocketRecord> sink) {
        List<Family> fams = open(filter);
        try {
            int mask = filter.kernelStateMask();
            if (fams.size() == 2) {
                // IPv6 in a helper thread while this thread dumps IPv4: the kernel work overlaps.
                List<SocketRecord> v6 = new ArrayList<>();
                CompletableFuture<Void> other = CompletableFuture.runAsync(
                        () -> InetDiag.dump(fams.get(1).socket, fams.get(1).af, mask, withInfo, users, v6::add), DaemonThreads.EXECUTOR);
                InetDiag.dump(fams.get(0).socket, fams.get(0).af, mask, withInfo, users, sink);
                join(other);
                v6.forEach(sink);
            } else if (fams.size() == 1) {
                InetDiag.dump(fams.get(0).socket, fams.get(0).af, mask, withInfo, users, sink);
            }
        } finally {
            fams.forEach(f -> f.socket.close());
        }
    }

    @Override
    public StateCounts count(SocketFilter filter) {
        List<Family> fams = open(filter);
        try {
            int mask = filter.kernelStateMask();
            StateCounts total = new StateCounts();
            if (fams.size() == 2) {
                StateCounts v6 = new StateCounts();
                CompletableFuture<Void> other = CompletableFuture.runAsync(
                        () -> InetDiag.count(fams.get(1).socket, fams.get(1).af, mask, v6), DaemonThreads.EXECUTOR);
                InetDiag.count(fams.get(0).socket, fams.get(0).af, mask, total);
                join(other);
                total.addAll(v6);
            } else if (fams.size() == 1) {
                InetDiag.count(fams.get(0).socket, fams.get(0).af, mask, total);
            }
            return total;
        } finally {
            fams.forEach(f -> f.socket.close());
        }
    }

    private static void join(CompletableFuture<Void> f) {
        try {
            f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
