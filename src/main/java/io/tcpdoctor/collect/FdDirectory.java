package io.tcpdoctor.collect;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One thread's buffers for reading processes' fd directories ({@code /proc/PID/fd}). A directory is opened once and
 * listed with getdents64; each entry's link is read with readlinkat relative to it, so the kernel looks up one name
 * per descriptor instead of the four of {@code /proc/PID/fd/N} (the lookups were most of the owner scan's system
 * time). No String is made per descriptor: a server's directory can hold 100,000 of them.
 */
final class FdDirectory implements FdReader {
    /** Offsets in a linux_dirent64: d_reclen (u16) and d_name (NUL-terminated). */
    private static final int RECLEN = 16;
    private static final int NAME = 19;

    /** A descriptor's entry at {@code at} in the listing of directory {@code dir}; false stops the listing. */
    private interface EntrySink {
        boolean take(int dir, int at);
    }

    private final Path proc;
    private final Libc.Errno errno;
    private final MemorySegment path;
    private final MemorySegment entries;
    private final MemorySegment link;
    /**
     * Each listing and each link is copied once into these and read as plain arrays: reading a native segment
     * byte by byte goes through var handles, which run slowly before the compiler has caught up (at 10,000
     * sockets that was 30 ms of a diagnose's CPU).
     */
    private final byte[] entryBytes = new byte[32 * 1024];
    private final byte[] linkBytes = new byte[64];

    FdDirectory(Path proc, Arena arena) {
        this.proc = proc;
        errno = new Libc.Errno(arena);
        path = arena.allocate(4096);
        entries = arena.allocate(entryBytes.length, 8);
        link = arena.allocate(linkBytes.length);
    }

    @Override
    public int each(int pid, InodeSink sink) {
        long base = entries.address();
        return walk(pid, (dir, at) -> {
            long inode = socketInode(Libc.readlinkAt(errno, dir, base + at + NAME, link, link.byteSize()));
            return inode <= 0 || sink.take(inode);
        });
    }

    /** How many descriptors the process has open, or {@link #UNREADABLE}. */
    int count(int pid) {
        return walk(pid, (dir, at) -> true);
    }

    /** Lists the process's fd directory, handing each descriptor's entry to the sink until it says stop. */
    private int walk(int pid, EntrySink sink) {
        // The terminating NUL comes with the name's bytes: a segment's set(JAVA_BYTE, ...) would make the JDK set up
        // its layout access (LayoutPath, a VarHandle), about 10 ms of the first owner scan.
        byte[] name = (proc + "/" + pid + "/fd\0").getBytes(StandardCharsets.UTF_8);
        if (name.length > path.byteSize()) {
            return UNREADABLE;
        }
        MemorySegment.copy(name, 0, path, ValueLayout.JAVA_BYTE, 0, name.length);
        int dir = Libc.open(errno, path, Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (dir < 0) {
            return UNREADABLE;
        }
        try {
            long n;
            int descriptors = 0;
            while ((n = Libc.getdents64(errno, dir, entries, entries.byteSize())) > 0) {
                MemorySegment.copy(entries, ValueLayout.JAVA_BYTE, 0, entryBytes, 0, (int) n);
                int size;
                for (int at = 0; at < n; at += size) {
                    size = NativeBytes.u16(entryBytes, at + RECLEN);
                    if (size <= NAME || at + size > n) {
                        return UNREADABLE; // not a directory listing this reader understands
                    }
                    byte first = entryBytes[at + NAME];
                    if (first < '0' || first > '9') {
                        continue; // "." and ".."
                    }
                    descriptors++;
                    if (!sink.take(dir, at)) {
                        return STOPPED;
                    }
                }
            }
            return n == 0 ? descriptors : UNREADABLE;
        } finally {
            Libc.close(errno, dir);
        }
    }

    /** The inode of a {@code socket:[N]} link of {@code len} bytes in {@link #link}, or -1. */
    private long socketInode(long len) {
        if (len <= 0 || len > linkBytes.length) {
            return -1;
        }
        MemorySegment.copy(link, ValueLayout.JAVA_BYTE, 0, linkBytes, 0, (int) len);
        return FdReader.socketInode(linkBytes, (int) len);
    }
}
