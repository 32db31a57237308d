package io.tcpdoctor.collect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads fd directories with the JDK's own file calls: a path and a String per descriptor, but no native binding to
 * set up. For the few descriptors of a quiet host or namespace, where {@link FdDirectory}'s binding would cost more
 * than the whole walk. The directories are listed first ({@link #listUpTo}), which tells whether they are few.
 */
final class FdLinks implements FdReader {
    /** The listed entries of each process; none for a process whose directory could not be listed. */
    private final Map<Integer, List<Path>> listed;

    private FdLinks(Map<Integer, List<Path>> listed) {
        this.listed = listed;
    }

    /**
     * Lists the fd directories of the processes while they hold at most {@code limit} descriptors in all: a reader
     * of those listings (of those processes only), or null once there are more (then no more than
     * {@code limit + 1} entries were listed).
     */
    static FdLinks listUpTo(Path proc, List<Integer> pids, int limit) {
        Map<Integer, List<Path>> listed = new HashMap<>();
        int left = limit;
        for (int pid : pids) {
            List<Path> fds = list(proc, pid, left);
            if (fds == null) {
                continue; // unreadable: each() says so
            }
            if (fds.size() > left) {
                return null;
            }
            listed.put(pid, fds);
            left -= fds.size();
        }
        return new FdLinks(listed);
    }

    /** Up to {@code limit + 1} entries of the process's fd directory; null when it cannot be listed. */
    private static List<Path> list(Path proc, int pid, int limit) {
        List<Path> fds = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(proc.resolve(pid + "/fd"))) {
            for (Path fd : dir) {
                fds.add(fd);
                if (fds.size() > limit) {
                    break;
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            return null;
        }
        return fds;
    }

    /** As {@link FdReader#each}; {@link #UNREADABLE} for a process whose directory was not listed. */
    @Override
    public int each(int pid, InodeSink sink) {
        List<Path> fds = listed.get(pid);
        if (fds == null) {
            return UNREADABLE;
        }
        for (Path fd : fds) {
            byte[] link;
            try {
                link = Files.readSymbolicLink(fd).toString().getBytes(StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                continue; // closed since the listing
            }
            long inode = FdReader.socketInode(link, 0, link.length);
            if (inode > 0 && !sink.take(inode)) {
                return STOPPED;
            }
        }
        return fds.size();
    }
}
