package io.tcpdoctor.model;

import java.util.function.IntPredicate;

/** A port condition as ss writes it: {@code 80}, {@code >=1024}, {@code <1024}, {@code !=22}, {@code 8000-8100}. */
public record PortMatcher(String text, IntPredicate test) {

    /** Parses a port condition; throws IllegalArgumentException with the accepted forms when it cannot. */
    public static PortMatcher parse(String text) {
        String t = text.trim().replace(" ", "");
        try {
            if (t.startsWith(">=")) {
                int p = port(t.substring(2));
                return new PortMatcher(text, v -> v >= p);
            }
            if (t.startsWith("<=")) {
                int p = port(t.substring(2));
                return new PortMatcher(text, v -> v <= p);
            }
            if (t.startsWith("!=")) {
                int p = port(t.substring(2));
                return new PortMatcher(text, v -> v != p);
            }
            if (t.startsWith("==")) {
                int p = port(t.substring(2));
                return new PortMatcher(text, v -> v == p);
            }
            if (t.startsWith(">")) {
                int p = port(t.substring(1));
                return new PortMatcher(text, v -> v > p);
            }
            if (t.startsWith("<")) {
                int p = port(t.substring(1));
                return new PortMatcher(text, v -> v < p);
            }
            int dash = t.indexOf('-');
            if (dash > 0) {
                int lo = port(t.substring(0, dash));
                int hi = port(t.substring(dash + 1));
                if (lo > hi) {
                    throw new IllegalArgumentException("bad port range '" + text + "': the first port must not be above the second (e.g. 1000-2000)");
                }
                return new PortMatcher(text, v -> v >= lo && v <= hi);
            }
            int p = port(t);
            return new PortMatcher(text, v -> v == p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port '" + text
                    + "': use a number 0-65535, a comparison (>=1024, <1024, !=22) or a range (8000-8100)");
        }
    }

    private static int port(String s) {
        int p = Integer.parseInt(s);
        if (p < 0 || p > 65535) {
            throw new NumberFormatException(s);
        }
        return p;
    }

    /** True when the port satisfies the condition. */
    public boolean matches(int port) {
        return test.test(port);
    }
}
