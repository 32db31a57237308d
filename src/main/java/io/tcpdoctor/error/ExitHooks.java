package io.tcpdoctor.error;

/**
 * Every shutdown hook tcpdoctor registers goes through here, so that the entry point ({@code Main}) knows whether a
 * command that ends with a status other than 0 may end with {@link Runtime#halt}, which runs no hook, rather than
 * {@link System#exit}, whose logger lookup opens the jar (Main says why that matters).
 */
public final class ExitHooks {
    private static volatile boolean registered;

    private ExitHooks() {
    }

    /** Registers {@code hook} with the runtime, as {@link Runtime#addShutdownHook} does. */
    public static void add(Thread hook) {
        registered = true;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** True once any hook has been registered: the process must then end through {@link System#exit}. */
    public static boolean registered() {
        return registered;
    }
}
