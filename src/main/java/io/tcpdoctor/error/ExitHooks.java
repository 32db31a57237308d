package io.tcpdoctor.error;

/**
 * Every shutdown hook tcpdoctor registers goes through here, so that the entry point knows whether a command that
 * failed or reported a problem may end with {@link Runtime#halt}: {@link System#exit} runs the hooks but also looks
 * up the JDK's logger for its exit log (Runtime.exit, since JDK 21), and that lookup searches the class path for a
 * logging service, which opens and indexes the jar that the start-up cache otherwise spares every command (about
 * 10 ms of a short command, e.g. a check that answers WARNING).
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
