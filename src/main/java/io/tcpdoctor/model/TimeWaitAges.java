package io.tcpdoctor.model;

/**
 * TIME_WAIT sockets of one group by age in whole seconds, age being 60 s minus the time their timer has left
 * (TIME_WAIT lasts a fixed 60 s). Young sockets tell the recent close rate from a single observation, so a streamed
 * capture keeps this instead of the sockets.
 */
public final class TimeWaitAges {
    /** How long Linux keeps a socket in TIME_WAIT (TCP_TIMEWAIT_LEN). */
    public static final int SECONDS = 60;

    /** Made on the first socket with a timer: captures without timers (netstat -tan) need none. */
    private int[] bySecond;
    private long total;
    private long unknown;

    /** Counts a TIME_WAIT socket (other states are ignored). */
    public void add(SocketRecord r) {
        if (r.state() != TcpState.TIME_WAIT) {
            return;
        }
        total++;
        double age = ageSeconds(r);
        if (Double.isNaN(age)) {
            unknown++;
        } else {
            if (bySecond == null) {
                bySecond = new int[SECONDS + 1];
            }
            bySecond[(int) Math.min(SECONDS, Math.floor(age))]++;
        }
    }

    /** Seconds since a TIME_WAIT socket entered TIME_WAIT, or NaN when its timer is unknown. */
    public static double ageSeconds(SocketRecord r) {
        if (r.state() != TcpState.TIME_WAIT || r.timerMs() < 0 || r.timer() != TimerKind.TIMEWAIT) {
            return Double.NaN;
        }
        return Math.max(0, SECONDS - r.timerMs() / 1000.0);
    }

    /** TIME_WAIT sockets with a known timer younger than {@code seconds} (exact for whole seconds). */
    public long youngerThan(int seconds) {
        long n = 0;
        if (bySecond == null) {
            return 0;
        }
        for (int i = 0; i < Math.min(seconds, bySecond.length); i++) {
            n += bySecond[i];
        }
        return n;
    }

    /** TIME_WAIT sockets counted. */
    public long total() {
        return total;
    }

    /** Those without a known timer. */
    public long unknown() {
        return unknown;
    }

    /** True when every socket counted had a timer (and there was at least one). */
    public boolean complete() {
        return total > 0 && unknown == 0;
    }
}
