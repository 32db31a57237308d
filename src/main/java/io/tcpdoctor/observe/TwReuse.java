package io.tcpdoctor.observe;

import io.tcpdoctor.ports.Destination;
import io.tcpdoctor.sysctl.KnobCatalogue;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Whether connect() may take over TIME_WAIT ports of a destination (net.ipv4.tcp_tw_reuse) and how soon. The
 * kernel's test is {@code tcp_twsk_unique} (net/ipv4/tcp_ipv4.c): 1 reuses for every destination, 2 only when the
 * TIME_WAIT socket's remote or local address is loopback (or it was bound to lo), and in both cases only when TCP
 * timestamps were negotiated on the old connection ({@code tw_ts_recent_stamp} set) and its last timestamp is older
 * than tcp_tw_reuse_delay (ms, recent kernels) or, without that knob, one tick of the seconds clock (at most 1 s).
 * It is outgoing connect() only (__inet_check_established, called from __inet_hash_connect): accepted connections
 * and bind() before connect() get nothing from it.
 *
 * @param value tcp_tw_reuse as read, or null when unknown
 * @param assumed true when {@code value} is the documented default, not read from the host
 * @param timestampsOff true when net.ipv4.tcp_timestamps is known to be 0 (no timestamps, so no reuse)
 * @param delaySeconds how old a TIME_WAIT socket's last timestamp must be before connect() may take it over
 */
public record TwReuse(String value, boolean assumed, boolean timestampsOff, double delaySeconds) {

    /** tcp_tw_reuse_delay's default and, without the knob, the longest wait (seconds). */
    public static final double DEFAULT_DELAY = 1.0;

    /** Reads the knobs without recording assumptions; {@link #appliesTo(Destination, Facts)} records one when it matters. */
    public static TwReuse of(Facts facts) {
        Optional<String> known = facts.known(KnobCatalogue.TW_REUSE).map(String::trim);
        String value = known.orElse(null);
        boolean assumed = false;
        if (value == null && !facts.host().live()) {
            // A capture without --sysctl: the default of current kernels, recorded only where it decides something.
            value = KnobCatalogue.find(KnobCatalogue.TW_REUSE).map(k -> k.defaultValue()).orElse(null);
            assumed = value != null;
        }
        boolean tsOff = facts.known(KnobCatalogue.TIMESTAMPS).map(v -> v.trim().equals("0")).orElse(false);
        double delay = facts.known(KnobCatalogue.TW_REUSE_DELAY).map(v -> {
            try {
                long ms = Long.parseLong(v.trim());
                return ms > 0 ? ms / 1000.0 : DEFAULT_DELAY;
            } catch (NumberFormatException e) {
                return DEFAULT_DELAY;
            }
        }).orElse(DEFAULT_DELAY);
        return new TwReuse(value, assumed, tsOff, delay);
    }

    /** True when the value alone lets connect() reuse ports to {@code d} (timestamps aside). */
    public boolean enabledFor(Destination d) {
        if ("1".equals(value)) {
            return true;
        }
        return "2".equals(value) && (loopback(d.remote().address()) || loopback(d.localAddress().address()));
    }

    /** True when connect() can take over TIME_WAIT ports of {@code d}; records an assumed value where it decided. */
    public boolean appliesTo(Destination d, Facts facts) {
        boolean on = enabledFor(d);
        if (assumed && on) {
            facts.assume(KnobCatalogue.TW_REUSE, value);
        }
        return on && !timestampsOff;
    }

    private static boolean loopback(InetAddress a) {
        if (a == null) {
            return false;
        }
        if (a.isLoopbackAddress()) {
            return true;
        }
        // An IPv4-mapped loopback (::ffff:127.0.0.1) counts too (ipv6_addr_v4mapped_loopback).
        byte[] b = a.getAddress();
        if (b.length == 16) {
            for (int i = 0; i < 10; i++) {
                if (b[i] != 0) {
                    return false;
                }
            }
            return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff && (b[12] & 0xff) == 127;
        }
        return false;
    }
}
