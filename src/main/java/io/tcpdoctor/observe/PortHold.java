package io.tcpdoctor.observe;

import io.tcpdoctor.model.TimeWaitAges;
import io.tcpdoctor.ports.PortUsage;

/**
 * The ports of one destination that a new connect() cannot take now. Without tcp_tw_reuse every socket holds its
 * port, TIME_WAIT for 60 s. With reuse in effect only open sockets and TIME_WAIT sockets younger than the reuse
 * delay hold one: an older TIME_WAIT port is taken over by the next connect() that lands on it (see {@link TwReuse}).
 *
 * @param open sockets not in TIME_WAIT holding a port in the usable range (ESTABLISHED, SYN_SENT, FIN_WAIT...)
 * @param timeWait TIME_WAIT sockets holding a port in the range
 * @param timeWaitHeld those of them connect() cannot take over yet (all of them without reuse)
 * @param reuse true when tcp_tw_reuse applies to this destination
 * @param holdSeconds how long a closed connection keeps its port: the reuse delay, else 60 s
 */
public record PortHold(long open, long timeWait, long timeWaitHeld, boolean reuse, double holdSeconds) {

    /** Ports held: open sockets plus TIME_WAIT that cannot be reused yet. */
    public long held() {
        return open + timeWaitHeld;
    }

    /** TIME_WAIT ports connect() may take over now. */
    public long reusable() {
        return timeWait - timeWaitHeld;
    }

    /** Ports a steady close rate needs: rate x hold time, plus the open sockets. */
    public double steadyNeed(double closesPerSecond) {
        return closesPerSecond * holdSeconds + open;
    }

    /** One destination's sockets as counted, before deciding about reuse. */
    public static final class Count {
        long open;
        long timeWait;
        long young;
        long unknownAge;

        /**
         * {@code open} sockets holding a port, {@code timeWait} TIME_WAIT sockets, {@code young} of them younger than
         * the reuse delay and {@code unknownAge} without a timer.
         */
        static Count of(long open, long timeWait, long young, long unknownAge) {
            Count c = new Count();
            c.open = open;
            c.timeWait = timeWait;
            c.young = young;
            c.unknownAge = unknownAge;
            return c;
        }

        /** The hold, with reuse applying or not; a TIME_WAIT socket of unknown age counts as young while
         * {@code closesPerSecond} x delay of them can be. */
        public PortHold hold(boolean reuse, double delaySeconds, double closesPerSecond) {
            if (!reuse) {
                return new PortHold(open, timeWait, timeWait, false, Delta.TIME_WAIT_SECONDS);
            }
            long held = young + Math.min(unknownAge, (long) Math.ceil(closesPerSecond * delaySeconds));
            return new PortHold(open, timeWait, Math.min(timeWait, held), true, Math.min(delaySeconds, Delta.TIME_WAIT_SECONDS));
        }
    }

    /**
     * The hold of one destination from its aggregates, so that diagnose (whose streamed captures keep no sockets) and
     * capacity derive it alike. TIME_WAIT sockets count among the ports of the range ({@code portsInUse} includes
     * them); ages are whole seconds, so a fractional reuse delay counts the next second as young too.
     */
    public static PortHold of(PortUsage usage, PortUsage.Use use, boolean reuse, double delaySeconds, double closesPerSecond) {
        TimeWaitAges ages = usage.timeWaitAges(use.destination());
        long timeWait = Math.min(use.timeWait(), use.portsInUse());
        return Count.of(use.portsInUse() - timeWait, timeWait, ages.youngerThan((int) Math.ceil(delaySeconds)), ages.unknown())
                .hold(reuse, delaySeconds, closesPerSecond);
    }
}
