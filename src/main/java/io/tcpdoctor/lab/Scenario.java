package io.tcpdoctor.lab;

import java.util.List;

/**
 * One known TCP problem the lab can make happen on purpose. Each scenario is one small class listed in
 * {@link Scenarios}; {@link Lab} runs it (its namespace, threads, limits and clean-up).
 */
public interface Scenario {
    /** Where a scenario can run. */
    enum Isolation {
        /** On the host's loopback, or in a namespace of its own with --netns. */
        LOOPBACK,
        /** Only in a namespace of its own (it changes sysctls or firewall rules there). */
        NETNS,
        /** In two namespaces of its own joined by a veth pair (server and client). */
        NETNS_PAIR
    }

    /**
     * A fixed variant: the same workload done differently, to compare with the problem. {@code clears} says
     * whether the scenario's finding disappears with it (some variants only move or soften the problem).
     */
    record Fix(String name, String teaches, boolean clears) {
        public Fix(String name, String teaches) {
            this(name, teaches, true);
        }
    }

    /** The name on the command line, e.g. {@code close-wait}. */
    String name();

    /** One line: what it builds and what it teaches. */
    String teaches();

    /** The state it piles up, as {@code --state} spells it (e.g. {@code close-wait}). */
    String state();

    /** The diagnose finding id it makes fire (with the thresholds the lab prints), or null when none fits. */
    String finding();

    Isolation isolation();

    /** Fixed variants, the default one first; empty when no variant teaches anything. */
    default List<Fix> fixes() {
        return List.of();
    }

    /** True when it loads nft rules in its namespace (needs the nft tool). */
    default boolean needsFirewall() {
        return false;
    }

    /** Connections (or sockets) it makes when --count is not given. */
    int defaultCount();

    /** Extra diagnose arguments that make its finding fire with this many connections (a lower threshold). */
    default List<String> diagnoseArgs(int count) {
        return List.of();
    }

    /**
     * Builds the problem. Runs on a thread inside the lab's namespace (when it has one), so every socket it
     * opens lives there; returns once the problem is in place, leaving background work to {@link Lab#spawn}.
     */
    void build(Lab lab) throws Exception;
}
