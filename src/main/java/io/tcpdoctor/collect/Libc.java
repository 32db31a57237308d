package io.tcpdoctor.collect;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import java.io.File;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The few system calls tcpdoctor makes: through the native library's JNI function when the launcher names it
 * ({@link Jni}), otherwise through one binding of libc's {@code syscall()} with the Foreign Function and Memory API
 * ({@link Syscall}).
 */
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
    public static final int EOPNOTSUPP = 95;
    public static final int EBADF = 9;

    /**
     * The native library's system call (a JNI method, {@code src/main/c/tcpdoctor-syscall.c}), when the launcher names
     * the library (system property {@value #NATIVE_PROPERTY}) and it loads; otherwise every call goes through one FFM
     * binding of libc's {@code syscall()}. Both make the same calls. The binding writes classes at run time (about 25
     * ms of CPU in every command that makes a native call, measured with a profile of list at 10,000 sockets); the
     * library is linked by its symbol name.
     */
    static final class Jni {
        /** Why the library is not used, when it was named: for {@link #nativeCalls()}. */
        private static String failure;
        static final String LOADED_FROM = load();

        private static String load() {
            String path = System.getProperty(NATIVE_PROPERTY, "");
            if (path.isEmpty() || !supported()) {
                return null;
            }
            try {
                System.load(path);
                // A harmless call proves the function is there and answers as expected: close(-1) fails with EBADF.
                long r = sys(Sys.CLOSE.nr(), -1, 0, 0, 0, 0, 0);
                if (r != -EBADF) {
                    failure = path + " answered close(-1) with " + r;
                    return null;
                }
                return path;
            } catch (UnsatisfiedLinkError | SecurityException e) {
                // The JDK's message names the file before the dynamic linker's, which names it again.
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                while (why.startsWith(path + ": ")) {
                    why = why.substring(path.length() + 2);
                }
                if (!new File(path).exists()) {
                    why = "no such file";
                }
                failure = path + " did not load: " + why;
                return null;
            }
        }

        /** syscall(2)'s result, or minus errno when it fails (none of the calls made here returns less than 0). */
        static native long sys(long nr, long a, long b, long c, long d, long e, long f);
    }

    /** The system property naming the native library (its path), set by the launchers. */
    public static final String NATIVE_PROPERTY = "tcpdoctor.native";

    /**
     * Whether the launcher named the native library, without loading it: what the choices between /proc and netlink
     * and between the owner scan's readers go by, as the launcher's choice of start-up cache does (it looks for the
     * file). A named library that does not load leaves the calls to FFM: slower, the same results.
     */
    public static boolean nativeLibraryNamed() {
        return !System.getProperty(NATIVE_PROPERTY, "").isEmpty();
    }

    /** How system calls are made: the native library's path, or "FFM" (the JDK's Foreign Function API). */
    public static String nativeCalls() {
        if (Jni.LOADED_FROM != null) {
            return "JNI " + java.nio.file.Path.of(Jni.LOADED_FROM).normalize();
        }
        return "FFM (libc syscall)" + (Jni.failure == null ? "" : "; " + Jni.failure);
    }

    /**
     * A member's offset, added up from the members before it: a plain offset read, because a layout VarHandle would
     * generate code at start-up and {@code byteOffset(PathElement...)} sets up the method handles of layout paths
     * (3-5 ms of a short command).
     */
    static long offset(StructLayout layout, String name) {
        long at = 0;
        for (java.lang.foreign.MemoryLayout m : layout.memberLayouts()) {
            if (m.name().filter(name::equals).isPresent()) {
                return at;
            }
            at += m.byteSize();
        }
        throw new IllegalStateException("no " + name + " in " + layout);
    }

    /**
     * Without the native library, one binding of libc's {@code syscall()} serves every system call tcpdoctor makes:
     * each FFM binding generates code when first used, and start-up time is most of a short run. Set up on first use
     * (the first {@link Errno}), and only then.
     */
    private static final class Syscall {
        static final Linker LINKER = Linker.nativeLinker();
        static final SymbolLookup LIBC = LINKER.defaultLookup();
        static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
        static final long ERRNO_OFFSET = offset(CAPTURE, "errno");
        private static final Linker.Option ERRNO_OPT = Linker.Option.captureCallState("errno");
        static final MethodHandle H = LINKER.downcallHandle(LIBC.find("syscall").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
                variadic() ? new Linker.Option[] {Linker.Option.firstVariadicArg(1), ERRNO_OPT}
                        : new Linker.Option[] {ERRNO_OPT});

        /**
         * Whether {@code syscall()} must be called as the variadic function it is declared as. The integer arguments
         * travel in the same registers either way; the only difference (x86-64) is the vector register count a
         * variadic call puts in %al, which costs the binding an extra argument (about 10 ms of the first native
         * call). glibc's {@code syscall()} is written in assembly and never reads %al, so on glibc the plain binding
         * is the same call; elsewhere (musl, whose {@code syscall()} is C) the variadic one is kept.
         */
        static boolean variadic() {
            return LIBC.find("gnu_get_libc_version").isEmpty();
        }
    }

    /** System call numbers of the architectures tcpdoctor runs on. */
    private enum Sys {
        SOCKET(41, 198), SENDTO(44, 206), RECVFROM(45, 207), CLOSE(3, 57), OPENAT(257, 56), SETNS(308, 268),
        READLINKAT(267, 78), FLOCK(73, 32), GETDENTS64(217, 61), IOCTL(16, 29);

        private static final String ARCH = System.getProperty("os.arch", "");
        private static final boolean ARM = ARCH.equals("aarch64");
        private static final boolean X86 = ARCH.equals("amd64") || ARCH.equals("x86_64");

        private final long x86;
        private final long arm;

        Sys(long x86, long arm) {
            this.x86 = x86;
            this.arm = arm;
        }

        long nr() {
            if (!X86 && !ARM) {
                // Another architecture's numbers would call the wrong system calls: refuse instead.
                throw new TcpdoctorException(ExitCode.UNAVAILABLE, unsupported());
            }
            return ARM ? arm : x86;
        }
    }

    /** True when tcpdoctor has system call numbers for this machine's architecture (amd64, aarch64). */
    public static boolean supported() {
        return Sys.X86 || Sys.ARM;
    }

    /** The error for an architecture without system call numbers. */
    public static String unsupported() {
        return "no system call numbers for architecture '" + Sys.ARCH + "' (supported: amd64, aarch64): "
                + "netlink and network namespaces are unavailable; use --source proc on the host";
    }

    private static final long AT_FDCWD = -100;

    private static long sys(Errno e, Sys call, long a, long b, long c, long d, long f, long g) {
        if (Jni.LOADED_FROM != null) {
            long r = Jni.sys(call.nr(), a, b, c, d, f, g);
            e.jni = r < 0 ? (int) -r : 0;
            return r < 0 ? -1 : r;
        }
        try {
            return (long) Syscall.H.invokeExact(e.segment(), call.nr(), a, b, c, d, f, g);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static long addr(MemorySegment s) {
        return s == null ? 0 : s.address();
    }

    /**
     * A per-thread errno capture: FFM's captured call state in the arena, or with the native library a field (its
     * calls return minus errno).
     */
    public static final class Errno {
        private final MemorySegment state;
        private int jni;

        public Errno(Arena arena) {
            this.state = Jni.LOADED_FROM != null ? null : arena.allocate(Syscall.CAPTURE);
        }

        /** errno of the last call made with this capture. */
        public int value() {
            return state == null ? jni : state.get(JAVA_INT, Syscall.ERRNO_OFFSET);
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
        return (int) sys(e, Sys.SOCKET, domain, type, protocol, 0, 0, 0);
    }

    public static long sendto(Errno e, int fd, MemorySegment buf, long len, int flags, MemorySegment addr, int addrLen) {
        return sys(e, Sys.SENDTO, fd, addr(buf), len, flags, addr(addr), addrLen);
    }

    public static long recv(Errno e, int fd, MemorySegment buf, long len, int flags) {
        return sys(e, Sys.RECVFROM, fd, addr(buf), len, flags, 0, 0);
    }

    public static int close(Errno e, int fd) {
        return (int) sys(e, Sys.CLOSE, fd, 0, 0, 0, 0, 0);
    }

    public static int open(Errno e, MemorySegment path, int flags) {
        return (int) sys(e, Sys.OPENAT, AT_FDCWD, addr(path), flags, 0, 0, 0);
    }

    public static final int O_RDWR = 2;
    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;
    public static final int EWOULDBLOCK = 11;

    /** flock(2): a whole-file lock other processes (and the flock(1) command) see, released when the fd closes. */
    public static int flock(Errno e, int fd, int operation) {
        return (int) sys(e, Sys.FLOCK, fd, operation, 0, 0, 0, 0);
    }

    public static int setns(Errno e, int fd, int nstype) {
        return (int) sys(e, Sys.SETNS, fd, nstype, 0, 0, 0, 0);
    }

    /**
     * readlinkat(2) of a NUL-terminated name at {@code nameAddress}, relative to the open directory {@code dirFd},
     * into the {@code size} bytes of native memory at {@code bufAddress}.
     */
    public static long readlinkAt(Errno e, int dirFd, long nameAddress, long bufAddress, long size) {
        return sys(e, Sys.READLINKAT, dirFd, nameAddress, bufAddress, size, 0, 0);
    }

    /** getdents64(2): the next entries of an open directory into {@code buf}; 0 at its end, -1 on error. */
    public static long getdents64(Errno e, int dirFd, MemorySegment buf, long size) {
        return sys(e, Sys.GETDENTS64, dirFd, addr(buf), size, 0, 0, 0);
    }

    /** ioctl(2) request: the terminal's attributes, which only a terminal has (the same number on both architectures). */
    private static final long TCGETS = 0x5401;

    /**
     * True when the file descriptor is a terminal (0 stdin, 1 stdout, 2 stderr): {@code ioctl(fd, TCGETS)} succeeds,
     * as libc's isatty() tests it.
     */
    public static boolean isatty(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            // struct termios (the kernel's: 36 bytes on both architectures), with room to spare.
            return sys(new Errno(arena), Sys.IOCTL, fd, TCGETS, arena.allocate(64, 8).address(), 0, 0, 0) == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A NUL-terminated copy of a path in the arena. */
    public static MemorySegment cString(Arena arena, String s) {
        byte[] b = cBytes(s);
        MemorySegment m = arena.allocate(b.length);
        copy(MemorySegment.ofArray(b), m, b.length);
        return m;
    }

    /** Writes {@code s} NUL-terminated at the start of {@code into}; false, writing nothing, when it does not fit. */
    public static boolean cString(String s, MemorySegment into) {
        byte[] b = cBytes(s);
        if (b.length > into.byteSize()) {
            return false;
        }
        copy(MemorySegment.ofArray(b), into, b.length);
        return true;
    }

    /**
     * The UTF-8 bytes of {@code s} and its NUL: copied into a segment as they are, since {@code allocateFrom} and a
     * segment's {@code set(JAVA_BYTE, ...)} write the NUL through the layout's VarHandle, which the JDK sets up at
     * first use (about 10 ms of the first owner scan).
     */
    private static byte[] cBytes(String s) {
        return (s + "\0").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Copies the first {@code bytes} bytes of one segment to the start of another: between a native buffer and a
     * Java array wrapped once with {@code MemorySegment.ofArray}. The JDK's copy between a segment and an array picks
     * the array's kind with a pattern switch whose call site is linked at run time, which a start-up cache cannot
     * hold (about 5 ms of the first copy, measured with a profile of list).
     */
    public static void copy(MemorySegment from, MemorySegment to, long bytes) {
        MemorySegment.copy(from, 0, to, 0, bytes);
    }

    /** Text for an errno value, for error messages. */
    public static String describe(int errno) {
        return switch (errno) {
            case 1 -> "operation not permitted (EPERM)";
            case 2 -> "no such file or directory (ENOENT)";
            case 13 -> "permission denied (EACCES)";
            case 22 -> "invalid argument (EINVAL)";
            case 24 -> "too many open files (EMFILE)";
            case 93 -> "protocol not supported (EPROTONOSUPPORT)";
            case 95 -> "operation not supported (EOPNOTSUPP)";
            case 97 -> "address family not supported (EAFNOSUPPORT)";
            case 105 -> "no buffer space (ENOBUFS)";
            default -> "errno " + errno;
        };
    }
}
