package io.tcpdoctor.collect;

import java.io.File;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Open file descriptors of one process against its {@code Max open files} limit (/proc/PID/limits and
 * /proc/PID/fd). Limits are -1 when unknown and {@link #UNLIMITED} when "unlimited".
 */
public record ProcessFiles(int pid, String name, int openFds, long softLimit, long hardLimit) {
    /** Marker for an "unlimited" limit. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    /** Reads one process; null when it has exited or cannot be read. */
    public static ProcessFiles read(Path proc, int pid) {
        return read(proc, pid, -1);
    }

    /**
     * Reads one process whose open descriptors were counted already ({@code knownFds}, e.g. by the owner scan;
     * negative: count them now); null when it has exited or cannot be read.
     */
    public static ProcessFiles read(Path proc, int pid, int knownFds) {
        Path dir = proc.resolve(Integer.toString(pid));
        int fds = knownFds >= 0 ? knownFds : openFds(proc, pid);
        if (fds < 0) {
            return null;
        }
        long[] lim = {-1, -1};
        try {
            lim = parseOpenFilesLimit(Files.readString(dir.resolve("limits"), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // Limits unknown: the fd count alone is still useful.
        }
        String name = null;
        try {
            name = Files.readString(dir.resolve("comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            // Exited between the two reads; keep what we have.
        }
        return new ProcessFiles(pid, name, fds, lim[0], lim[1]);
    }

    /**
     * Descriptors in /proc/PID/fd, -1 when it cannot be listed. Counted in the kernel's listing rather than from a
     * String per entry (File.list), which took 13 ms for a server of 18,000 sockets against about 10 ms, nearly all
     * of it the kernel's; diagnose reads up to ten processes.
     */
    static int openFds(Path proc, int pid) {
        if (!Libc.supported()) {
            String[] fds = new File(proc.resolve(pid + "/fd").toString()).list();
            return fds == null ? -1 : fds.length;
        }
        try (Arena arena = Arena.ofConfined()) {
            return new FdDirectory(proc, arena).count(pid);
        }
    }

    /** Soft and hard {@code Max open files} from the text of /proc/PID/limits; -1 when absent. */
    public static long[] parseOpenFilesLimit(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                List<String> f = Words.of(line, "Max open files".length());
                if (f.size() >= 2) {
                    return new long[] {limit(f.get(0)), limit(f.get(1))};
                }
            }
        }
        return new long[] {-1, -1};
    }

    private static long limit(String s) {
        if (s.equals("unlimited")) {
            return UNLIMITED;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Descriptors left before the soft limit, or -1 when the limit is unknown or unlimited. */
    public long headroom() {
        return softLimit < 0 || softLimit == UNLIMITED ? -1 : softLimit - openFds;
    }

    /** Percentage of the soft limit in use, or -1 when unknown. */
    public double usagePercent() {
        return softLimit <= 0 || softLimit == UNLIMITED ? -1 : 100.0 * openFds / softLimit;
    }
}
