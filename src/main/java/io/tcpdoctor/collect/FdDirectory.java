package io.tcpdoctor.collect;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
    /** The smallest linux_dirent64 a listing holds: its 19 header bytes, a one-character name and NUL, padded to 8. */
    private static final int SMALLEST_ENTRY = 24;
    /** Room for one link: more than {@link FdReader#LONGEST_SOCKET_LINK}; a link cut at this length is no socket's. */
    private static final int LINK = 32;

    /** A descriptor's entry at {@code at} in the listing of directory {@code dir}; false stops the listing. */
    private interface EntrySink {
        boolean take(int dir, int at);

        /** After each listing's entries, before the next listing reuses the buffer; false stops the listing. */
        default boolean listed() {
            return true;
        }
    }

    private final Path proc;
    private final Arena arena;
    private final Libc.Errno errno;
    private final MemorySegment path;
    private final MemorySegment entries;
    /**
     * A listing is copied once into this and read as a plain array: reading a native segment byte by byte goes
     * through var handles, which run slowly before the compiler has caught up (at 10,000 sockets that was 30 ms of
     * a diagnose's CPU).
     */
    private final byte[] entryBytes = new byte[32 * 1024];
    private final MemorySegment entryHeap = MemorySegment.ofArray(entryBytes);
    /** Link slots, one per entry of a listing: allocated by the first {@link #each} ({@link #count} needs none). */
    private Links links;

    FdDirectory(Path proc, Arena arena) {
        this.proc = proc;
        this.arena = arena;
        errno = new Libc.Errno(arena);
        path = arena.allocate(4096);
        entries = arena.allocate(entryBytes.length, 8);
    }

    @Override
    public int each(int pid, InodeSink sink) {
        if (links == null) {
            links = new Links(arena.allocate((long) (entryBytes.length / SMALLEST_ENTRY + 1) * LINK, 8));
        }
        links.sink = sink;
        try {
            return walk(pid, links);
        } finally {
            links.sink = null;
            links.filled = 0;
        }
    }

    /**
     * The links of one listing's entries, read into slots of native memory one after the other and copied into a
     * Java array once for the whole listing: a copy per link cost 2.8 us before the compiler caught up (23 ms of
     * {@code list -p} at 10,000 sockets).
     */
    private final class Links implements EntrySink {
        private final MemorySegment slots;
        private final long slotsAddress;
        private final int[] lengths;
        private final byte[] bytes;
        private final MemorySegment bytesHeap;
        private int filled;
        private InodeSink sink;

        Links(MemorySegment slots) {
            this.slots = slots;
            slotsAddress = slots.address();
            lengths = new int[(int) (slots.byteSize() / LINK)];
            bytes = new byte[(int) slots.byteSize()];
            bytesHeap = MemorySegment.ofArray(bytes);
        }

        @Override
        public boolean take(int dir, int at) {
            if (filled == lengths.length && !listed()) {
                return false;
            }
            lengths[filled] = (int) Libc.readlinkAt(errno, dir, entries.address() + at + NAME,
                    slotsAddress + (long) filled * LINK, LINK);
            filled++;
            return true;
        }

        @Override
        public boolean listed() {
            int n = filled;
            filled = 0;
            if (n == 0) {
                return true;
            }
            Libc.copy(slots, bytesHeap, (long) n * LINK);
            for (int i = 0; i < n; i++) {
                // A failed read (-1) and a link that filled its slot (possibly cut) are longer or shorter than a
                // socket's: socketInode gives -1 for them.
                long inode = FdReader.socketInode(bytes, i * LINK, lengths[i]);
                if (inode > 0 && !sink.take(inode)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** How many descriptors the process has open, or {@link #UNREADABLE}. */
    int count(int pid) {
        return walk(pid, (dir, at) -> true);
    }

    /** Lists the process's fd directory, handing each descriptor's entry to the sink until it says stop. */
    private int walk(int pid, EntrySink sink) {
        if (!Libc.cString(proc + "/" + pid + "/fd", path)) {
            return UNREADABLE;
        }
        int dir = Libc.open(errno, path, Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (dir < 0) {
            return UNREADABLE;
        }
        try {
            long n;
            int descriptors = 0;
            while ((n = Libc.getdents64(errno, dir, entries, entries.byteSize())) > 0) {
                Libc.copy(entries, entryHeap, n);
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
                if (!sink.listed()) {
                    return STOPPED;
                }
            }
            return n == 0 ? descriptors : UNREADABLE;
        } finally {
            Libc.close(errno, dir);
        }
    }
}
