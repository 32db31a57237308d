package io.tcpdoctor.diagnose;

/**
 * Where findings start. Percentages are of a limit (ephemeral ports per destination, open files);
 * counts are sockets. The defaults suit most hosts; {@code check} exposes them as options.
 */
public record Thresholds(
        double portsWarnPct,
        double portsCritPct,
        long timeWaitMin,
        long closeWaitMin,
        double fdWarnPct,
        double fdCritPct,
        long synRecvMin,
        long finWait2Min,
        long unansweredFinMin) {

    /** The documented defaults. */
    public static final Thresholds DEFAULTS = new Thresholds(50, 90, 1000, 20, 80, 95, 256, 500, 200);
}
