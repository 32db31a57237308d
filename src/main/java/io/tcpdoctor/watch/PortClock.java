package io.tcpdoctor.watch;

import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.SocketIndex;
import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Time to ephemeral-port exhaustion per hot destination (local address -> remote address:port, the unit the
 * kernel keeps ports unique in), from two details: ports in use now against the usable range (minus reserved
 * ports), the measured rate of new connections, and the measured growth of ports in use. When the numbers do
 * not support an estimate it says so ({@link Eta.Kind#STABLE}, {@link Eta.Kind#UNKNOWN}) instead of guessing.
 */
final class PortClock {
    /**
     * New connections are counted as 4-tuples present now and absent before. A connection this host closes stays
     * visible for the 60 s of TIME_WAIT, so over a longer gap short connections could be missed.
     */
    static final double MAX_GAP_SECONDS = Context.TIME_WAIT_SECONDS;

    private PortClock() {
    }

    /** What the measurements say about when a destination runs out of ports. */
    record Eta(Kind kind, double seconds, long steadyPorts) {
        enum Kind {
            /** No free port left: connect() fails with EADDRNOTAVAIL now. */
            EXHAUSTED,
            /** Ports in use grow and the steady state needs more than the range: {@code seconds} at the measured growth. */
            SECONDS,
            /** No growth, or the steady state at the measured rate fits in the range ({@code steadyPorts}, -1 when no rate). */
            STABLE,
            /** Not measured yet, or the measurements disagree. */
            UNKNOWN
        }
    }

    /** One hot destination; rates are NaN before there are two details. */
    record Destination(String label, long inUse, long timeWait, int usable, double newPerSecond, double growthPerSecond, Eta eta) {
    }

    private static final class Group {
        final String label;
        long inUse;
        long timeWait;
        long inUseBefore;
        long fresh;

        Group(String label) {
            this.label = label;
        }
    }

    private record Tuple(Endpoint local, Endpoint remote) {
    }

    /** The {@code top} destinations with the most ports in use; {@code before} (nullable) is the previous detail. */
    static List<Destination> of(WatchSource.Detail now, WatchSource.Detail before, int top) {
        if (now == null || now.sockets() == null) {
            return List.of();
        }
        Map<SocketIndex.Destination, Group> groups = new HashMap<>();
        for (SocketRecord r : now.sockets()) {
            if (counts(now, r)) {
                Group g = groups.computeIfAbsent(SocketIndex.destinationKey(r),
                        k -> new Group(r.local().addressText() + "->" + r.remote()));
                g.inUse++;
                g.timeWait += r.state() == TcpState.TIME_WAIT ? 1 : 0;
            }
        }
        List<Map.Entry<SocketIndex.Destination, Group>> hot = new ArrayList<>(groups.entrySet());
        hot.sort(Comparator.comparingLong((Map.Entry<SocketIndex.Destination, Group> e) -> e.getValue().inUse).reversed()
                .thenComparing(e -> e.getValue().label));
        if (hot.size() > top) {
            hot = hot.subList(0, top);
        }
        Map<SocketIndex.Destination, Group> chosen = new HashMap<>();
        hot.forEach(e -> chosen.put(e.getKey(), e.getValue()));
        double seconds = before == null || before.sockets() == null ? Double.NaN
                : (now.at().toEpochMilli() - before.at().toEpochMilli()) / 1000.0;
        boolean measured = seconds > 0 && seconds <= MAX_GAP_SECONDS;
        if (measured) {
            Set<Tuple> earlier = new HashSet<>();
            for (SocketRecord r : before.sockets()) {
                if (counts(before, r)) {
                    Group g = chosen.get(SocketIndex.destinationKey(r));
                    if (g != null) {
                        g.inUseBefore++;
                        earlier.add(new Tuple(r.local(), r.remote()));
                    }
                }
            }
            for (SocketRecord r : now.sockets()) {
                if (counts(now, r)) {
                    Group g = chosen.get(SocketIndex.destinationKey(r));
                    if (g != null && !earlier.contains(new Tuple(r.local(), r.remote()))) {
                        g.fresh++;
                    }
                }
            }
        }
        int usable = now.range().usable();
        List<Destination> out = new ArrayList<>(hot.size());
        for (var e : hot) {
            Group g = e.getValue();
            double rate = measured ? g.fresh / seconds : Double.NaN;
            double growth = measured ? (g.inUse - g.inUseBefore) / seconds : Double.NaN;
            out.add(new Destination(g.label, g.inUse, g.timeWait, usable, rate, growth, eta(g.inUse, g.timeWait, usable, rate, growth)));
        }
        return out;
    }

    /** An outgoing connection holding an automatically chosen port. */
    private static boolean counts(WatchSource.Detail d, SocketRecord r) {
        return r.state() != TcpState.CLOSE && d.range().contains(r.local().port()) && d.outgoing().test(r);
    }

    /**
     * The estimate for one destination. At a steady rate r of new connections, each closed by this host, the
     * ports needed level off at r x 60 s of TIME_WAIT plus the connections still open; when that fits the range
     * the destination is stable. Otherwise the ports in use grow at the measured growth until none are left.
     */
    static Eta eta(long inUse, long timeWait, int usable, double newPerSecond, double growthPerSecond) {
        long headroom = usable - inUse;
        if (headroom <= 0) {
            return new Eta(Eta.Kind.EXHAUSTED, 0, -1);
        }
        if (Double.isNaN(newPerSecond)) {
            return new Eta(Eta.Kind.UNKNOWN, Double.NaN, -1);
        }
        // Without TIME_WAIT here the peer closes first and a port is free again as soon as its connection ends.
        double hold = timeWait > 0 ? Context.TIME_WAIT_SECONDS : 0;
        long steady = Math.round(newPerSecond * hold + (inUse - timeWait));
        if (newPerSecond == 0 && growthPerSecond <= 0) {
            return new Eta(Eta.Kind.STABLE, Double.NaN, -1);
        }
        if (steady < usable && growthPerSecond * 60 < headroom) {
            return new Eta(Eta.Kind.STABLE, Double.NaN, steady);
        }
        if (growthPerSecond > 0) {
            return new Eta(Eta.Kind.SECONDS, headroom / growthPerSecond, steady);
        }
        return new Eta(Eta.Kind.UNKNOWN, Double.NaN, steady);
    }
}
