package io.tcpdoctor.collect;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** The few libc calls tcpdoctor needs, bound once through the Foreign Function and Memory API. */
public final class Libc {
    private Libc() {
    }

    public static final int AF_NETLINK = 16;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 0x80000;
    public static final int CLONE_NEWNET = 0x40000000;
    public static final int EINTR = 4;
    public static final int ENOENT = 2;
    public static final int EACCES = 13;
    public static final int EPERM = 1;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPT = Linker.Option.captureCallState("errno");

    /** Bound on first use: every binding costs start-up time. */
    private static final class Socket {
        static final MethodHandle H = bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    }

    /** Bound on first use: every binding costs start-up time. */
    private static final class Sendto {
        static final MethodHandle H = bind("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    }

    /** Bound on first use: every binding costs start-up time. */
    private static final class Recv {
        static final MethodHandle H = bind("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }

    /** Bound on first use: every binding costs start-up time. */
    private static final class Close {
        static final MethodHandle H = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    /** Bound on first use: every binding costs start-up time. */
    private static final class Open {
        static final MethodHandle H = bind("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }

    /** Bound on first use: every binding costs start-up time. */
    private static final class Setns {
        static final MethodHandle H = bind("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    /** Bound on first use: every binding costs start-up time. */
    private static final class Readlink {
        static final MethodHandle H = bind("readlink", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
    }

    /** Bound on first use: every binding costs start-up time. */
    private static final class Isatty {
        static final MethodHandle H = bind("isatty", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }


    private static MethodHandle bind(String name, FunctionDescriptor fd) {
        MemorySegment sym = LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(sym, fd, ERRNO_OPT);
    }

    /** A per-thread errno capture area; calls write errno into it. */
    public static final class Errno {
        private final MemorySegment state;

        public Errno(Arena arena) {
            this.state = arena.allocate(CAPTURE);
        }

        /** errno of the last call made with this capture. */
        public int value() {
            return (int) ERRNO.get(state, 0L);
        }

        MemorySegment segment() {
            return state;
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    public static int socket(Errno e, int domain, int type, int protocol) {
        try {
            return (int) Socket.H.invokeExact(e.segment(), domain, type, protocol);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long sendto(Errno e, int fd, MemorySegment buf, long len, int flags, MemorySegment addr, int addrLen) {
        try {
            return (long) Sendto.H.invokeExact(e.segment(), fd, buf, len, flags, addr, addrLen);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long recv(Errno e, int fd, MemorySegment buf, long len, int flags) {
        try {
            return (long) Recv.H.invokeExact(e.segment(), fd, buf, len, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int close(Errno e, int fd) {
        try {
            return (int) Close.H.invokeExact(e.segment(), fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int open(Errno e, MemorySegment path, int flags) {
        try {
            return (int) Open.H.invokeExact(e.segment(), path, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int setns(Errno e, int fd, int nstype) {
        try {
            return (int) Setns.H.invokeExact(e.segment(), fd, nstype);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long readlink(Errno e, MemorySegment path, MemorySegment buf, long size) {
        try {
            return (long) Readlink.H.invokeExact(e.segment(), path, buf, size);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** True when the file descriptor is a terminal (0 stdin, 1 stdout, 2 stderr). */
    public static boolean isatty(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) Isatty.H.invokeExact(new Errno(arena).segment(), fd) == 1;
        } catch (Throwable t) {
            return false;
        }
    }

    /** A NUL-terminated copy of a path in the arena. */
    public static MemorySegment cString(Arena arena, String s) {
        return arena.allocateFrom(s, StandardCharsets.UTF_8);
    }

    /** Text for an errno value, for error messages. */
    public static String describe(int errno) {
        return switch (errno) {
            case 1 -> "operation not permitted (EPERM)";
            case 2 -> "no such file or directory (ENOENT)";
            case 13 -> "permission denied (EACCES)";
            case 22 -> "invalid argument (EINVAL)";
            case 93 -> "protocol not supported (EPROTONOSUPPORT)";
            case 97 -> "address family not supported (EAFNOSUPPORT)";
            case 105 -> "no buffer space (ENOBUFS)";
            default -> "errno " + errno;
        };
    }
}
