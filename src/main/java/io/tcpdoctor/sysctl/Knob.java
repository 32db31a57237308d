package io.tcpdoctor.sysctl;

import java.util.Locale;

/**
 * One sysctl tcpdoctor knows: its dotted key, documented default, since which kernel it exists (or until
 * which it existed) and how risky changing it is. Meaning and misconceptions live in the advice bundles
 * under {@code knob.NAME.meaning} and {@code knob.NAME.not}.
 */
public record Knob(String key, String defaultValue, String history, Risk risk, boolean numeric, boolean perNamespace) {

    /** How much harm a wrong value does. */
    public enum Risk {
        /** Safe to change within its range. */
        LOW,
        /** Wrong values cause failures under load or on bad networks. */
        MEDIUM,
        /** Wrong values silently lose connections or data. */
        HIGH,
        /** Never set: removed from the kernel because the idea was broken. */
        NEVER;

        /** Lower-case name for output. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The last part of the key ({@code tcp_fin_timeout}), used for message keys. */
    public String name() {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    /** Bundle key of the one-line meaning. */
    public String meaningKey() {
        return "knob." + name() + ".meaning";
    }

    /** Bundle key of what the knob does NOT do (the common misconception). */
    public String notKey() {
        return "knob." + name() + ".not";
    }
}
