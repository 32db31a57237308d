package io.tcpdoctor.capacity;

import java.util.ArrayList;
import java.util.List;

/**
 * What-if model of TIME_WAIT and ephemeral ports from Little's law: sockets in a state = rate x time in it.
 * A connection is unique per 4-tuple, so the port limit applies per (source IP, destination IP, destination port).
 */
public final class Capacity {
    private Capacity() {
    }

    /** Linux TIME_WAIT length (TCP_TIMEWAIT_LEN): fixed, no sysctl changes it. */
    public static final double LINUX_TIME_WAIT = 60;
    /** The default ip_local_port_range. */
    public static final int DEFAULT_LO = 32768;
    public static final int DEFAULT_HI = 60999;

    /**
     * The inputs. {@code closeRate}: connections closed per second now; {@code reuseFactor}: requests each
     * connection would carry (pooling divides the close rate by it); {@code reuseDelay}: seconds after which
     * tcp_tw_reuse may take a TIME_WAIT port for a new outgoing connection.
     */
    /** Largest close rate or reuse factor accepted. */
    public static final double MAX_RATE = 1e9;
    /** Largest number of destinations accepted. */
    public static final int MAX_DESTINATIONS = 1_000_000;

    public record Inputs(double closeRate, double timeWait, int portLo, int portHi, int reservedPorts, int destinations,
            boolean twReuse, double reuseFactor, double reuseDelay) {

        /** Inputs without reserved ports in the range. */
        public Inputs(double closeRate, double timeWait, int portLo, int portHi, int destinations, boolean twReuse,
                double reuseFactor, double reuseDelay) {
            this(closeRate, timeWait, portLo, portHi, 0, destinations, twReuse, reuseFactor, reuseDelay);
        }

        public Inputs {
            // Upper bounds keep every derived number finite (1e308 closes/s would print Infinity).
            if (!(closeRate >= 0) || !(closeRate <= MAX_RATE)) {
                throw new IllegalArgumentException("--close-rate must be a number from 0 to 1000000000 (closes per second)");
            }
            if (!(timeWait > 0) || timeWait > 3600) {
                throw new IllegalArgumentException("--time-wait-length must be 1..3600 seconds (Linux: 60; Windows: TcpTimedWaitDelay 30..300)");
            }
            if (portLo < 1 || portHi > 65535 || portLo > portHi) {
                throw new IllegalArgumentException("--port-range must be LOW-HIGH within 1-65535");
            }
            if (reservedPorts < 0 || reservedPorts >= portHi - portLo + 1) {
                throw new IllegalArgumentException("the reserved ports leave no usable port in " + portLo + "-" + portHi);
            }
            if (destinations < 1 || destinations > 2 * MAX_DESTINATIONS) {
                // The "2 destinations" scenario doubles the input: beyond this an int could overflow.
                throw new IllegalArgumentException("--destinations must be 1..1000000, not " + destinations);
            }
            if (!(reuseFactor >= 1) || !(reuseFactor <= MAX_RATE)) {
                throw new IllegalArgumentException("--reuse-factor must be 1..1000000000 (requests per connection)");
            }
            if (!(reuseDelay > 0) || Double.isInfinite(reuseDelay)) {
                throw new IllegalArgumentException("the tw_reuse delay must be positive");
            }
        }

        /** Number of ephemeral ports connect() can pick: the range minus reserved ports. */
        public int ports() {
            return portHi - portLo + 1 - reservedPorts;
        }

        /** Closes per second after connection reuse. */
        public double effectiveCloseRate() {
            return closeRate / reuseFactor;
        }

        /** How long a closed connection keeps its source port from new connect()s. */
        public double portHold() {
            return twReuse ? Math.min(reuseDelay, timeWait) : timeWait;
        }

        Inputs with(double rate, int lo, int hi, int dests, boolean reuse, double factor) {
            return new Inputs(rate, timeWait, lo, hi, reservedPorts, dests, reuse, factor, reuseDelay);
        }
    }

    /**
     * The steady state. {@code secondsToExhaustion} and {@code failingPerSecond} are NaN/0 when ports never run out.
     */
    public record Result(Inputs in, double timeWaitTotal, double ratePerDestination, double timeWaitPerDestination,
            double portsNeededPerDestination, double usage, double maxRatePerDestination, double maxRateTotal,
            double headroom, double secondsToExhaustion, double failingPerSecond) {

        /** True when the ports of one destination run out. */
        public boolean exhausts() {
            return usage > 1;
        }
    }

    /** Computes the steady state for the inputs. */
    public static Result compute(Inputs in) {
        double rate = in.effectiveCloseRate();
        double perDest = rate / in.destinations();
        int n = in.ports();
        // Each TIME_WAIT socket of one destination holds its own local port (the 4-tuple is unique), so a
        // destination never has more of them than usable ports: beyond that connect() fails instead of closing.
        double twPerDest = Math.min(perDest * in.timeWait(), n);
        double tw = twPerDest * in.destinations();
        double needed = perDest * in.portHold();
        double usage = needed / n;
        double maxPerDest = n / in.portHold();
        double maxTotal = maxPerDest * in.destinations();
        double headroom = rate == 0 ? Double.POSITIVE_INFINITY : maxTotal / rate;
        double exhaust = usage > 1 ? n / perDest : Double.NaN;
        double failing = usage > 1 ? (perDest - maxPerDest) * in.destinations() : 0;
        return new Result(in, tw, perDest, twPerDest, needed, usage, maxPerDest, maxTotal, headroom, exhaust, failing);
    }

    /** One what-if line: what a change is and what it gives. */
    public record Scenario(String id, String label, Result result) {
    }

    /** The current inputs and the changes that buy headroom: pooling, more destinations, a wider range, tw_reuse. */
    public static List<Scenario> scenarios(Inputs in, Labels l) {
        List<Scenario> out = new ArrayList<>();
        out.add(new Scenario("now", l.now(), compute(in)));
        double factor = in.reuseFactor() * 10;
        out.add(new Scenario("pooling", l.pooling(fmt(factor)), compute(in.with(in.closeRate(), in.portLo(), in.portHi(),
                in.destinations(), in.twReuse(), factor))));
        int dests = in.destinations() * 2;
        out.add(new Scenario("destinations", l.destinations(dests), compute(in.with(in.closeRate(), in.portLo(), in.portHi(),
                dests, in.twReuse(), in.reuseFactor()))));
        int lo = Math.min(in.portLo(), 15000);
        int hi = Math.max(in.portHi(), 65000);
        if (lo != in.portLo() || hi != in.portHi()) {
            out.add(new Scenario("port-range", l.range(lo, hi), compute(in.with(in.closeRate(), lo, hi, in.destinations(),
                    in.twReuse(), in.reuseFactor()))));
        }
        if (!in.twReuse()) {
            out.add(new Scenario("tw-reuse", l.twReuse(), compute(in.with(in.closeRate(), in.portLo(), in.portHi(),
                    in.destinations(), true, in.reuseFactor()))));
        }
        return out;
    }

    /** Localised scenario labels. */
    public interface Labels {
        String now();

        String pooling(String factor);

        String destinations(int n);

        String range(int lo, int hi);

        String twReuse();
    }

    /** Ports held by one destination at time t after a steady close rate starts (for the chart). */
    public static double portsAt(Result r, double t) {
        return r.ratePerDestination() * Math.min(t, r.in().portHold());
    }

    /** TIME_WAIT sockets of one destination at time t, at most its usable ports (without tw_reuse they are the ports held). */
    public static double timeWaitAt(Result r, double t) {
        return Math.min(r.ratePerDestination() * Math.min(t, r.in().timeWait()), r.in().ports());
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
