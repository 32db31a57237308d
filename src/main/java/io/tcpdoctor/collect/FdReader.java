package io.tcpdoctor.collect;

/**
 * Reads processes' fd directories ({@code /proc/PID/fd}) for the socket inodes their links name. Two ways:
 * {@link FdDirectory} through native calls (fast per descriptor, but its binding costs a short command about
 * 40 ms) and {@link FdLinks} through the JDK's own file calls (no binding, slower per descriptor).
 */
interface FdReader {
    /** What {@link #each} gives for a fd directory that could not be opened or listed. */
    int UNREADABLE = -1;
    /** What {@link #each} gives when its sink stopped the listing before the end. */
    int STOPPED = -2;

    /** A socket inode found in a process; false stops reading that process. */
    interface InodeSink {
        boolean take(long inode);
    }

    /**
     * Hands every socket inode among the process's fds to the sink until it says stop. Gives how many descriptors
     * the process has open when its directory was listed to the end, {@link #STOPPED} when the sink stopped it, or
     * {@link #UNREADABLE} when it cannot be opened or listed (another user's process, or one that exited).
     */
    int each(int pid, InodeSink sink);

    /** The longest link {@code socket:[N]} can be: N is an unsigned 64-bit number, at most 20 digits. */
    int LONGEST_SOCKET_LINK = 29;

    /**
     * The inode of the link {@code socket:[N]} in the {@code len} bytes of {@code link} from {@code from}, or -1
     * (also for a link longer than any socket's, which the native reader sees cut short).
     */
    static long socketInode(byte[] link, int from, int len) {
        String prefix = "socket:[";
        if (len <= prefix.length() + 1 || len > LONGEST_SOCKET_LINK) {
            return -1;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (link[from + i] != prefix.charAt(i)) {
                return -1;
            }
        }
        long inode = 0;
        for (int i = from + prefix.length(), end = from + len; i < end; i++) {
            byte b = link[i];
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
}
