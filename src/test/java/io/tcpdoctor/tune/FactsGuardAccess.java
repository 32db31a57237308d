package io.tcpdoctor.tune;

/** Lets tests in other packages run the FACTS.md guard on command output. */
public final class FactsGuardAccess {
    private FactsGuardAccess() {
    }

    /** See {@link FactsGuard#check(String)}. */
    public static void check(String text) {
        FactsGuard.check(text);
    }
}
