package io.tcpdoctor.collect;

/**
 * Reads processes' fd directories ({@code /proc/PID/fd}) for the socket inodes their links name. Two ways:
 * {@link FdDirectory} through native calls (fast per descriptor, but its binding costs a short command about
 * 40 ms) and {@link FdLinks} through the JDK's own file calls (no binding, slower per descriptor).
 */
interface FdReader {
    /** What {@link #each} and {@link #count} give for a fd directory that could not be opened or listed. */
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

    /** How many descriptors the process has open, or {@link #UNREADABLE}. */
    int count(int pid);

    /** The inode of a link text {@code socket:[N]}, or -1. */
    static long socketInode(CharSequence link) {
        int n = link.length();
        if (n < 10 || link.charAt(n - 1) != ']' || !"socket:[".contentEquals(link.subSequence(0, 8))) {
            return -1;
        }
        long inode = 0;
        for (int i = 8; i < n - 1; i++) {
            char c = link.charAt(i);
            if (c < '0' || c > '9' || i > 28) {
                return -1;
            }
            inode = inode * 10 + (c - '0');
        }
        return inode;
    }
}
