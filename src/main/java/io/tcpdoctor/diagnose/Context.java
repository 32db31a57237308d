package io.tcpdoctor.diagnose;

import io.tcpdoctor.model.Severity;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.observe.Delta;
import io.tcpdoctor.observe.Facts;
import io.tcpdoctor.ports.PortRange;
import io.tcpdoctor.ports.PortUsage;
import io.tcpdoctor.observe.HostFacts;
import io.tcpdoctor.observe.Observation;
import io.tcpdoctor.model.SocketRecord;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * What a rule sees: the current observation, the previous one when sampling (for rates and growth), the
 * thresholds and the texts. Reading a host fact that is absent through {@link #sysctl} returns the
 * documented default and records that assumption, so the report can say what it assumed.
 */
public final class Context {
    /** How long Linux keeps a socket in TIME_WAIT (TCP_TIMEWAIT_LEN, not tunable). */
    public static final int TIME_WAIT_SECONDS = Delta.TIME_WAIT_SECONDS;

    private final Delta delta;
    private final Observation now;
    private final Observation before;
    private final Thresholds limits;
    private final Messages msg;
    private final SocketIndex index;
    private final SocketIndex beforeIndex;
    private final Facts facts;

    /** A context over the sockets of the delta's observations, indexed in memory. */
    public Context(Delta delta, Thresholds limits, Messages msg) {
        this(delta, SocketIndex.of(delta.now()), delta.before() == null ? null : SocketIndex.of(delta.before()), limits, msg);
    }

    /** A context over sockets already indexed (a streamed capture keeps no rows: {@code index} is all there is). */
    public Context(Delta delta, SocketIndex index, SocketIndex beforeIndex, Thresholds limits, Messages msg) {
        this.index = index;
        this.beforeIndex = beforeIndex;
        this.delta = delta;
        this.now = delta.now();
        this.before = delta.before();
        this.facts = new Facts(now.host());
        this.limits = limits;
        this.msg = msg;
    }

    /** The current observation. */
    public Observation now() {
        return now;
    }

    /** The change between the previous observation and this one. */
    public Delta delta() {
        return delta;
    }

    /** The previous observation, or null without sampling. */
    public Observation before() {
        return before;
    }

    /** The thresholds in force. */
    public Thresholds limits() {
        return limits;
    }

    /** The texts in the chosen language. */
    public Messages msg() {
        return msg;
    }

    /** The host facts of the current observation. */
    public HostFacts host() {
        return now.host();
    }

    /** What the current sockets add up to (the rows themselves are not kept). */
    public SocketIndex sockets() {
        return index;
    }

    /** The same for the previous sockets, or null without sampling. */
    public SocketIndex socketsBefore() {
        return beforeIndex;
    }

    /** Seconds between the two observations, or NaN without sampling. */
    public double seconds() {
        return delta.seconds();
    }

    /** True when two observations with counters are available. */
    public boolean sampled() {
        return delta.sampled();
    }

    /** A sysctl's integer value; when unknown, the default, recording the assumption. */
    public long sysctl(String key, long dflt) {
        return facts.sysctl(key, dflt);
    }

    /** The host facts with their defaults, shared with tune and capacity. */
    public Facts facts() {
        return facts;
    }

    /** A sysctl's integer value only when really known (no assumption made). */
    public OptionalLong sysctlIfKnown(String key) {
        return host().sysctlLong(key);
    }

    /** Outgoing connections per destination against the port range (no assumption recorded until {@link #portRange()}). */
    public PortUsage portUsage() {
        return index.portUsage();
    }

    /** The ephemeral port range, from the host or the default (recording the assumption). */
    public PortRange portRange() {
        return facts.portRange();
    }

    /** Records an assumed default value for a host fact. */
    public void assume(String key, String value) {
        facts.assume(key, value);
    }

    /** Records any other assumption, as a message key with arguments. */
    public void assumeText(String key, Object... args) {
        facts.assumeText(msg.get(key, args));
    }

    /** The assumptions recorded so far, in order. */
    public List<String> assumptions() {
        return facts.describe(msg);
    }

    /** A /proc/net/sockstat value such as {@code TCP.orphan}, if known. */
    public OptionalLong sockstat(String key) {
        return host().sockstat() == null ? OptionalLong.empty() : host().sockstat().get(key);
    }

    /** A counter's current value, if known. */
    public OptionalLong counter(String key) {
        return host().counters() == null ? OptionalLong.empty() : host().counters().get(key);
    }

    /** A counter's increase over the sample, if sampled and known. */
    public OptionalLong counterDelta(String key) {
        return delta.counterDelta(key);
    }

    /** Closes per second of the sockets matching {@code group}, measured over the sample or estimated (Little's law). */
    public Delta.CloseRate timeWaitRate(Predicate<SocketRecord> group, long timeWaitNow) {
        return delta.closeRate(group, timeWaitNow);
    }

    /** Starts a finding; the title and explanation keys default to {@code ID.title} and {@code ID.why}. */
    public FindingBuilder finding(String id, Severity severity) {
        return new FindingBuilder(msg, id, severity);
    }

    /** Rounds to one decimal for evidence (a number, so JSON stays numeric). */
    public static double round1(double v) {
        return Math.round(v * 10.0) / 10.0;
    }

    /** Formats seconds as {@code 42 s}, {@code 3.5 min} or {@code 2.1 h}. */
    public static String duration(double s) {
        if (s < 120) {
            return String.format(Locale.ROOT, "%.0f s", s);
        }
        if (s < 7200) {
            return String.format(Locale.ROOT, "%.1f min", s / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", s / 3600);
    }
}
