package io.tcpdoctor.collect;

import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.SocketFilter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Ends sockets through inet_diag SOCK_DESTROY, as {@code ss -K} does: a dump finds the matching sockets with
 * their kernel ids (cookie included), then one destroy request per socket. The kernel needs
 * CONFIG_INET_DIAG_DESTROY and the caller CAP_NET_ADMIN in the namespace.
 */
public final class SocketKiller {
    private SocketKiller() {
    }

    /** One socket found by the dump, with what the kernel needs to name it again. */
    public record Target(SocketRecord socket, int family, byte[] sockId) {
    }

    /** The outcome for one socket: errno 0 means destroyed. */
    public record Outcome(Target target, int errno) {
        public boolean destroyed() {
            return errno == 0;
        }
    }

    /** Finds the sockets matching the filter inside the namespace (null = this one), owners attached. */
    public static List<Target> find(String netns, SocketFilter filter) {
        List<Target> all = new ArrayList<>();
        UidNames users = UidNames.load();
        try (Netns ignored = Netns.enter(netns);
             NetlinkSocket nl = NetlinkSocket.open(NetlinkSocket.NETLINK_SOCK_DIAG)) {
            for (int af : new int[] {InetDiag.AF_INET, InetDiag.AF_INET6}) {
                if (af == InetDiag.AF_INET ? !filter.ipv4() : !filter.ipv6()) {
                    continue;
                }
                ByteBuffer req = nl.requestBuffer(InetDiag.REQ_LEN);
                nl.send(req, InetDiag.dumpRequest(req, nl.nextSeq(), af, filter.kernelStateMask(), false));
                nl.receiveDump((buf, off, len, type) -> {
                    if (type == InetDiag.SOCK_DIAG_BY_FAMILY) {
                        SocketRecord r = InetDiag.decode(buf, off, len, users);
                        if (r != null) {
                            all.add(new Target(r, InetDiag.family(buf, off), InetDiag.sockId(buf, off)));
                        }
                    }
                });
            }
        }
        Set<Long> inodes = new HashSet<>();
        for (Target t : all) {
            if (t.socket().inode() > 0) {
                inodes.add(t.socket().inode());
            }
        }
        var owners = new OwnerScanner().scan(inodes).owners();
        List<Target> out = new ArrayList<>();
        for (Target t : all) {
            Owner o = t.socket().inode() > 0 ? owners.get(t.socket().inode()) : null;
            Target withOwner = o == null ? t : new Target(t.socket().withOwner(o), t.family(), t.sockId());
            if (filter.test(withOwner.socket())) {
                out.add(withOwner);
            }
        }
        return out;
    }

    /**
     * Sends one SOCK_DESTROY per target inside the namespace. Stops early when {@code stopOn} returns true
     * for an outcome (a permission or kernel-support error that every other socket would get too).
     */
    public static List<Outcome> destroy(String netns, List<Target> targets, java.util.function.Predicate<Outcome> stopOn) {
        List<Outcome> out = new ArrayList<>(targets.size());
        try (Netns ignored = Netns.enter(netns);
             NetlinkSocket nl = NetlinkSocket.open(NetlinkSocket.NETLINK_SOCK_DIAG)) {
            ByteBuffer req = nl.requestBuffer(InetDiag.REQ_LEN);
            for (Target t : targets) {
                nl.send(req, InetDiag.destroyRequest(req, nl.nextSeq(), t.family(), t.sockId()));
                Outcome o = new Outcome(t, nl.receiveAck());
                out.add(o);
                if (stopOn.test(o)) {
                    break;
                }
            }
        }
        return out;
    }
}
