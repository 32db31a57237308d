package io.tcpdoctor.lab;

import java.time.Duration;

/**
 * How a lab run is bounded and varied. {@code count} 0 takes the scenario's default; {@code rate} is new
 * connections per second (0 = as fast as the kernel goes, still bounded by count and duration).
 */
public record LabOptions(int count, double rate, Duration duration, boolean netns, String fix, int fdLimit,
                         int backlog, int ports) {
    /** The longest a lab may hold its problem. */
    public static final Duration MAX_DURATION = Duration.ofHours(1);
    /** The most connections one lab makes. */
    public static final int MAX_COUNT = 50_000;

    public LabOptions {
        if (count < 0 || count > MAX_COUNT) {
            throw new IllegalArgumentException("--count must be between 1 and " + MAX_COUNT + ", got " + count);
        }
        if (rate < 0 || rate > 100_000) {
            throw new IllegalArgumentException("--rate must be between 0 (unpaced) and 100000 per second, got " + rate);
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("--duration must be between 1ms and 1h, got " + duration);
        }
        if (fdLimit != 0 && (fdLimit < 32 || fdLimit > 65536)) {
            throw new IllegalArgumentException("--fd-limit must be between 32 and 65536 (a JVM needs about 20 itself), got " + fdLimit);
        }
        if (backlog < 0 || backlog > 65535) {
            throw new IllegalArgumentException("--backlog must be between 1 and 65535, got " + backlog);
        }
        if (ports != 0 && (ports < 2 || ports > 28232)) {
            throw new IllegalArgumentException("--ports must be between 2 and 28232, got " + ports);
        }
    }

    /** Defaults: the scenario's count, 500 connections/s, held 60 s, on loopback, the problem (not a fix). */
    public static LabOptions defaults() {
        return new LabOptions(0, 500, Duration.ofSeconds(60), false, null, 0, 0, 0);
    }

    public LabOptions withCount(int n) {
        return new LabOptions(n, rate, duration, netns, fix, fdLimit, backlog, ports);
    }

    public LabOptions withRate(double r) {
        return new LabOptions(count, r, duration, netns, fix, fdLimit, backlog, ports);
    }

    public LabOptions withDuration(Duration d) {
        return new LabOptions(count, rate, d, netns, fix, fdLimit, backlog, ports);
    }

    /** In a namespace of its own (needs root). */
    public LabOptions inNetns() {
        return new LabOptions(count, rate, duration, true, fix, fdLimit, backlog, ports);
    }

    /** A fixed variant by name; "" takes the scenario's first fix. */
    public LabOptions withFix(String name) {
        return new LabOptions(count, rate, duration, netns, name, fdLimit, backlog, ports);
    }

    public LabOptions withFdLimit(int n) {
        return new LabOptions(count, rate, duration, netns, fix, n, backlog, ports);
    }

    public LabOptions withBacklog(int n) {
        return new LabOptions(count, rate, duration, netns, fix, fdLimit, n, ports);
    }

    public LabOptions withPorts(int n) {
        return new LabOptions(count, rate, duration, netns, fix, fdLimit, backlog, n);
    }
}
