package io.tcpdoctor.render;

import java.util.Locale;

/** Output formats every command supports. */
public enum Format {
    TEXT, JSON, CSV;

    /** Parses {@code text|json|csv}. */
    public static Format parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown format '" + s + "'; valid: text, json, csv");
        }
    }
}
