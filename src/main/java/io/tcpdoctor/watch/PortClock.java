package io.tcpdoctor.watch;

import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.observe.Delta;
import io.tcpdoctor.ports.Destination;
import io.tcpdoctor.ports.PortUsage;
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
    static final double MAX_GAP_SECONDS = Delta.TIME_WAIT_SECONDS;

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
    record Row(Destination destination, long inUse, long timeWait, int usable, double newPerSecond, double growthPerSecond, Eta eta) {
        /** {@code 10.0.0.2 -> 10.0.0.5:3306}. */
        String label() {
            return destination.text();
        }
    }

    private record Tuple(Endpoint local, Endpoint remote) {
    }

    /** The {@code top} destinations with the most ports in use; {@code before} (nullable) is the previous detail. */
    static List<Row> of(WatchSource.Detail now, WatchSource.Detail before, int top) {
        if (now == null || now.sockets() == null) {
            return List.of();
        }
        List<PortUsage.Use> hot = new ArrayList<>(now.ports().destinations());
        hot.sort(Comparator.comparingLong(PortUsage.Use::portsInUse).reversed().thenComparing(u -> u.destination().text()));
        if (hot.size() > top) {
            hot = hot.subList(0, top);
        }
        Map<Destination, long[]> fresh = new HashMap<>();
        hot.forEach(u -> fresh.put(u.destination(), new long[1]));
        double seconds = before == null || before.sockets() == null ? Double.NaN
                : (now.at().toEpochMilli() - before.at().toEpochMilli()) / 1000.0;
        boolean measured = seconds > 0 && seconds <= MAX_GAP_SECONDS;
        Map<Destination, Long> inUseBefore = new HashMap<>();
        if (measured) {
            for (PortUsage.Use u : before.ports().destinations()) {
                if (fresh.containsKey(u.destination())) {
                    inUseBefore.put(u.destination(), u.portsInUse());
                }
            }
            Set<Tuple> earlier = new HashSet<>();
            for (SocketRecord r : before.sockets()) {
                if (before.ports().outgoing(r) && fresh.containsKey(Destination.of(r))) {
                    earlier.add(new Tuple(r.local(), r.remote()));
                }
            }
            for (SocketRecord r : now.sockets()) {
                if (now.ports().outgoing(r) && !earlier.contains(new Tuple(r.local(), r.remote()))) {
                    long[] n = fresh.get(Destination.of(r));
                    if (n != null) {
                        n[0]++;
                    }
                }
            }
        }
        int usable = now.ports().range().usable();
        List<Row> out = new ArrayList<>(hot.size());
        for (PortUsage.Use u : hot) {
            double rate = measured ? fresh.get(u.destination())[0] / seconds : Double.NaN;
            double growth = measured ? (u.portsInUse() - inUseBefore.getOrDefault(u.destination(), 0L)) / seconds : Double.NaN;
            out.add(new Row(u.destination(), u.portsInUse(), u.timeWait(), usable, rate, growth,
                    eta(u.portsInUse(), u.timeWait(), usable, rate, growth)));
        }
        return out;
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
        double hold = timeWait > 0 ? Delta.TIME_WAIT_SECONDS : 0;
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
