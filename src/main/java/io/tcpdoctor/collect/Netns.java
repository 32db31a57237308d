package io.tcpdoctor.collect;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Moves the calling thread into a named network namespace (like {@code ip netns exec}, {@code ss -N}) and
 * back on close. Sockets opened inside stay in that namespace; /proc/thread-self/net shows its tables.
 */
public final class Netns implements AutoCloseable {
    /** Where {@code ip netns add} creates namespace handles. */
    public static final Path NETNS_DIR = Path.of("/var/run/netns");

    private final int saved;
    private final Libc.Errno errno;
    private final Arena arena;

    private Netns(int saved, Libc.Errno errno, Arena arena) {
        this.saved = saved;
        this.errno = errno;
        this.arena = arena;
    }

    /** Path of a namespace given by name (in /var/run/netns) or by path. */
    public static Path pathOf(String name) {
        return name.indexOf('/') >= 0 ? Path.of(name) : NETNS_DIR.resolve(name);
    }

    /** Enters the namespace; a null or empty name enters nothing and the returned scope does nothing. */
    /**
     * Rejects a name that is not one 'ip netns' can list: an empty name (an unset shell variable, {@code -N "$NS"})
     * must never silently mean the host, and a path must never leave /var/run/netns.
     */
    public static void checkName(String name) {
        if (name == null) {
            return;
        }
        if (name.isBlank()) {
            throw new TcpdoctorException(ExitCode.USAGE, "--netns: empty namespace name; name one from 'ip netns list', "
                    + "or leave -N out for the host");
        }
        if (name.contains("/") || name.equals(".") || name.equals("..") || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new TcpdoctorException(ExitCode.USAGE, "--netns: '" + name + "' is not a namespace name (as listed by "
                    + "'ip netns list'; no '/')");
        }
    }

    public static Netns enter(String name) {
        if (name == null) {
            return new Netns(-1, null, null);
        }
        checkName(name);
        if (Thread.currentThread().isVirtual()) {
            // setns moves the carrier thread, which other virtual threads share; a platform thread must do it.
            throw new IllegalStateException("network namespaces are entered on platform threads only");
        }
        Path p = pathOf(name);
        if (!Files.exists(p)) {
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "network namespace '" + name + "' not found (no "
                    + p + "; list namespaces with 'ip netns list')");
        }
        Arena arena = Arena.ofConfined();
        Libc.Errno e = new Libc.Errno(arena);
        int saved = Libc.open(e, Libc.cString(arena, "/proc/thread-self/ns/net"), Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (saved < 0) {
            arena.close();
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot open /proc/thread-self/ns/net: " + Libc.describe(e.value()));
        }
        int target = Libc.open(e, Libc.cString(arena, p.toString()), Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (target < 0) {
            int err = e.value();
            Libc.close(e, saved);
            arena.close();
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot open network namespace " + p + ": " + Libc.describe(err));
        }
        int rc = Libc.setns(e, target, Libc.CLONE_NEWNET);
        int err = e.value();
        Libc.close(e, target);
        if (rc != 0) {
            Libc.close(e, saved);
            arena.close();
            String why = err == Libc.EPERM ? "entering a network namespace needs root (CAP_SYS_ADMIN)" : Libc.describe(err);
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot enter network namespace '" + name + "': " + why);
        }
        return new Netns(saved, e, arena);
    }

    /** True when this scope switched namespaces. */
    public boolean active() {
        return saved >= 0;
    }

    /** The /proc directory that shows this thread's network tables. */
    public Path procNet() {
        return procNet(Path.of("/proc"));
    }

    /** As {@link #procNet()} under another /proc root (tests). */
    public Path procNet(Path proc) {
        return active() ? proc.resolve("thread-self/net") : proc.resolve("net");
    }

    @Override
    public void close() {
        if (saved < 0) {
            return;
        }
        int rc = Libc.setns(errno, saved, Libc.CLONE_NEWNET);
        Libc.close(errno, saved);
        arena.close();
        if (rc != 0) {
            // A thread left in the wrong namespace would silently report the wrong sockets later.
            throw new IllegalStateException("could not return to the original network namespace");
        }
    }
}
