package io.tcpdoctor.observe;

import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.ports.PortRange;
import io.tcpdoctor.sysctl.Knob;
import io.tcpdoctor.sysctl.KnobCatalogue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The host facts of one observation as every analysis reads them: the known value when there is one, otherwise
 * the documented default, and then the assumption is recorded so the output can say "assumed". diagnose, tune and
 * capacity read the port range and tcp_tw_reuse through here, so they agree on one observation.
 */
public final class Facts {
    /** A default used in place of an unknown value; {@code key} null for any other assumption, told in {@code value}. */
    public record Assumed(String key, String value) {
    }

    private final HostFacts host;
    private final Set<Assumed> assumed = new LinkedHashSet<>();
    private PortRange portRange;

    public Facts(HostFacts host) {
        this.host = host;
    }

    /** The facts themselves. */
    public HostFacts host() {
        return host;
    }

    /** A sysctl's text value, only when known (nothing is assumed). */
    public Optional<String> known(String key) {
        return host.sysctl(key);
    }

    /** A sysctl's integer value; when unknown, {@code dflt}, recording the assumption. */
    public long sysctl(String key, long dflt) {
        OptionalLong v = host.sysctlLong(key);
        if (v.isPresent()) {
            return v.getAsLong();
        }
        assume(key, Long.toString(dflt));
        return dflt;
    }

    /**
     * A knob's value as text: the known one, else the catalogue's documented default when it is a plain value
     * (recording the assumption); empty when neither is known. On a live host a knob missing from the facts does
     * not exist on this kernel, and nothing is assumed for it.
     */
    public Optional<String> knob(String key) {
        Optional<String> v = host.sysctl(key);
        if (v.isPresent() || host.live()) {
            return v;
        }
        Optional<String> dflt = KnobCatalogue.find(key).map(Knob::defaultValue).filter(Facts::plainValue);
        dflt.ifPresent(d -> assume(key, d));
        return dflt;
    }

    private static boolean plainValue(String v) {
        return v.matches("[0-9]+( [0-9]+)*");
    }

    /** The usable ephemeral port range: known, or Linux's default (recording the assumption). */
    public PortRange portRange() {
        if (portRange == null) {
            Optional<PortRange> known = PortRange.parse(host.sysctl(PortRange.RANGE_KEY).orElse(null), null);
            if (known.isEmpty()) {
                assume(PortRange.RANGE_KEY, PortRange.DEFAULT.low() + " " + PortRange.DEFAULT.high());
            }
            String reserved = host.sysctl(PortRange.RESERVED_KEY).orElse(null);
            if (reserved == null && !host.live()) {
                assume(PortRange.RESERVED_KEY, "(none)");
            }
            portRange = known.orElse(PortRange.DEFAULT).withReserved(PortRange.parseReserved(reserved));
        }
        return portRange;
    }

    /** The port range without recording anything (to decide whether it is needed at all). */
    public PortRange portRangeQuietly() {
        return PortRange.parse(host.sysctl(PortRange.RANGE_KEY).orElse(null), host.sysctl(PortRange.RESERVED_KEY).orElse(null))
                .orElse(PortRange.DEFAULT);
    }

    /** Records an assumed value. */
    public void assume(String key, String value) {
        assumed.add(new Assumed(key, value));
    }

    /** Records an assumption that is not a sysctl value, as text for the user. */
    public void assumeText(String text) {
        assumed.add(new Assumed(null, text));
    }

    /** The assumptions as the user reads them ({@code assumed default KEY = VALUE ...}), in order. */
    public List<String> describe(Messages msg) {
        List<String> all = new ArrayList<>();
        for (Assumed a : assumed) {
            all.add(a.key() == null ? a.value() : msg.get("assume.sysctl", a.key(), a.value()));
        }
        return all;
    }

    /** The assumptions recorded so far, in order. */
    public List<Assumed> assumed() {
        return new ArrayList<>(assumed);
    }
}
