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

    /** The inode of the link {@code socket:[N]} in the first {@code len} bytes of {@code link}, or -1. */
    static long socketInode(byte[] link, int len) {
        String prefix = "socket:[";
        if (len <= prefix.length() + 1) {
            return -1;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (link[i] != prefix.charAt(i)) {
                return -1;
            }
        }
        long inode = 0;
        for (int i = prefix.length(); i < len; i++) {
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
