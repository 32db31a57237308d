package io.tcpdoctor;

import io.tcpdoctor.cli.Launcher;
import io.tcpdoctor.error.ExitHooks;
import io.tcpdoctor.render.ByteWriter;
import io.tcpdoctor.render.Output;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Entry point: sets up the output writers and runs the command line ({@link Launcher}); nothing depends on it. */
public final class Main {
    private static final String INCLUDE_IN_EXCEPTIONS = "jdk.includeInExceptions";

    private Main() {
    }

    public static void main(String[] args) {
        // The first socket address (netlink's and /proc's records hold InetAddress) asks the security properties
        // whether exception texts may name hosts (JDK 25), which loads and parses the JDK's java.security file:
        // 4.5 ms of list's and diagnose's main thread. Given as a system property, the value is taken from there
        // instead; this is the JDK's own default, and a value passed on the command line still wins.
        if (System.getProperty(INCLUDE_IN_EXCEPTIONS) == null) {
            System.setProperty(INCLUDE_IN_EXCEPTIONS, "hostInfoExclSocket");
        }
        // Not System.out: a PrintStream swallows write errors, and a closed pipe or a full disk must stop the command.
        PrintWriter out = new ByteWriter(new Output(new FileOutputStream(FileDescriptor.out)), 1 << 16);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = execute(out, err, args);
        err.flush();
        // A command that left no thread running ends without System.exit, which looks up a logger for the JDK's
        // exit log (Runtime.exit, since JDK 21): starting that logging costs about a tenth of a short command, and
        // its search of the class path for a logging service opens the jar, which the start-up cache otherwise
        // spares. Success ends by returning, which runs the same shutdown hooks; any other status by halting, which
        // runs none, so only when tcpdoctor registered none (ExitHooks) and once the standard streams are flushed.
        // Read on every path, the training's (which returns 0) included, so that the start-up caches hold ExitHooks.
        boolean hooks = ExitHooks.registered();
        if (onlyDaemonThreadsLeft()) {
            if (code == 0) {
                return;
            }
            if (!hooks) {
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(code);
            }
        }
        System.exit(code);
    }

    /** True when every other platform thread is a daemon, so returning from main ends the process. */
    private static boolean onlyDaemonThreadsLeft() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() + 16];
        int n = root.enumerate(all, true);
        if (n == all.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (all[i] != Thread.currentThread() && all[i].isAlive() && !all[i].isDaemon()) {
                return false;
            }
        }
        return true;
    }

    /** Runs one command line with the given writers; returns the exit code. Used by main and by tests. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return Launcher.execute(out, err, args);
    }

    /** Convenience for tests: runs with the given streams. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        PrintWriter o = new ByteWriter(out, 8192);
        PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8));
        return execute(o, e, args);
    }
}
