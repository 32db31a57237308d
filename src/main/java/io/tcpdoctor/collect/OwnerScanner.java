package io.tcpdoctor.collect;

import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.OwnerStats;
import java.io.File;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds which process holds each socket inode by reading the {@code socket:[inode]} links in
 * /proc/PID/fd, like {@code ss -p}. Processes that exit mid-scan or whose fds cannot be read are
 * counted, never fatal. Stops early once every wanted inode is found.
 */
public final class OwnerScanner {
    private static final byte[] SOCKET_PREFIX = "socket:[".getBytes(StandardCharsets.US_ASCII);
    private static final int WORKERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private final Path proc;

    public OwnerScanner() {
        this(Path.of("/proc"));
    }

    public OwnerScanner(Path proc) {
        this.proc = proc;
    }

    /** The owners found for the wanted inodes and how the scan went (unattributed left 0: the caller knows). */
    public record Result(Map<Long, Owner> owners, OwnerStats stats) {
    }

    /** Scans every process for the wanted inodes. */
    public Result scan(Set<Long> wanted) {
        Map<Long, Owner> found = new ConcurrentHashMap<>(Math.max(16, wanted.size() * 2));
        String[] names = new File(proc.toString()).list();
        List<Integer> pids = new ArrayList<>();
        if (names != null) {
            for (String n : names) {
                if (!n.isEmpty() && Character.isDigit(n.charAt(0))) {
                    try {
                        pids.add(Integer.parseInt(n));
                    } catch (NumberFormatException ignored) {
                        // not a process directory
                    }
                }
            }
        }
        if (wanted.isEmpty()) {
            return new Result(Map.of(), new OwnerStats(0, 0, 0, 0));
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger scanned = new AtomicInteger();
        AtomicInteger denied = new AtomicInteger();
        AtomicInteger vanished = new AtomicInteger();
        AtomicLong remaining = new AtomicLong(wanted.size());
        Runnable worker = () -> {
            try (Arena arena = Arena.ofConfined()) {
                Libc.Errno errno = new Libc.Errno(arena);
                MemorySegment path = arena.allocate(64);
                MemorySegment link = arena.allocate(64);
                int i;
                while (remaining.get() > 0 && (i = next.getAndIncrement()) < pids.size()) {
                    int pid = pids.get(i);
                    String fdDir = proc + "/" + pid + "/fd";
                    String[] fds = new File(fdDir).list();
                    if (fds == null) {
                        if (Files.exists(proc.resolve(Integer.toString(pid)))) {
                            denied.incrementAndGet();
                        } else {
                            vanished.incrementAndGet();
                        }
                        continue;
                    }
                    scanned.incrementAndGet();
                    Owner owner = null;
                    byte[] prefix = (fdDir + "/").getBytes(StandardCharsets.US_ASCII);
                    for (String fd : fds) {
                        long inode = socketInode(errno, path, link, prefix, fd);
                        if (inode > 0 && wanted.contains(inode)) {
                            if (owner == null) {
                                owner = new Owner(pid, comm(pid));
                            }
                            if (found.putIfAbsent(inode, owner) == null) {
                                remaining.decrementAndGet();
                            }
                        }
                    }
                }
            }
        };
        List<Future<?>> running = new ArrayList<>();
        for (int w = 1; w < WORKERS; w++) {
            running.add(DaemonThreads.EXECUTOR.submit(worker));
        }
        worker.run();
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (Exception e) {
                throw new IllegalStateException("owner scan failed", e);
            }
        }
        return new Result(found, new OwnerStats(scanned.get(), denied.get(), vanished.get(), 0));
    }

    /** readlink of one fd; the inode of a socket link, or -1. */
    private static long socketInode(Libc.Errno errno, MemorySegment path, MemorySegment link, byte[] prefix, String fd) {
        int n = prefix.length + fd.length();
        if (n + 1 > path.byteSize()) {
            return -1;
        }
        MemorySegment.copy(prefix, 0, path, ValueLayout.JAVA_BYTE, 0, prefix.length);
        for (int i = 0; i < fd.length(); i++) {
            path.set(ValueLayout.JAVA_BYTE, prefix.length + i, (byte) fd.charAt(i));
        }
        path.set(ValueLayout.JAVA_BYTE, n, (byte) 0);
        long len = Libc.readlink(errno, path, link, link.byteSize());
        if (len <= SOCKET_PREFIX.length + 1) {
            return -1;
        }
        for (int i = 0; i < SOCKET_PREFIX.length; i++) {
            if (link.get(ValueLayout.JAVA_BYTE, i) != SOCKET_PREFIX[i]) {
                return -1;
            }
        }
        long inode = 0;
        for (int i = SOCKET_PREFIX.length; i < len; i++) {
            byte b = link.get(ValueLayout.JAVA_BYTE, i);
            if (b == ']') {
                return inode;
            }
            if (b < '0' || b > '9') {
                return -1;
            }
            inode = inode * 10 + (b - '0');
        }
        return -1;
    }

    private String comm(int pid) {
        try {
            return Files.readString(proc.resolve(pid + "/comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return null;
        }
    }
}
