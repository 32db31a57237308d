package io.tcpdoctor.collect;

/**
 * Which process was seen holding each socket inode, for one thread of an owner scan: open addressing over two
 * arrays, so a scan of 100,000 descriptors boxes no key and makes no map entry per descriptor. Inode 0 marks a free
 * slot (no socket has it); pid 0 means not seen (no process has it).
 */
final class InodePids {
    private long[] inodes = new long[1024];
    private int[] pids = new int[1024];
    private int size;

    /** Records the process for the inode unless one already was. */
    void putIfAbsent(long inode, int pid) {
        if (inode == 0) {
            return;
        }
        int mask = inodes.length - 1;
        int i = slot(inode, mask);
        while (inodes[i] != 0) {
            if (inodes[i] == inode) {
                return;
            }
            i = (i + 1) & mask;
        }
        inodes[i] = inode;
        pids[i] = pid;
        if (++size * 2 > inodes.length) {
            grow();
        }
    }

    /** The process recorded for the inode, or 0. */
    int get(long inode) {
        if (inode == 0) {
            return 0;
        }
        int mask = inodes.length - 1;
        for (int i = slot(inode, mask); inodes[i] != 0; i = (i + 1) & mask) {
            if (inodes[i] == inode) {
                return pids[i];
            }
        }
        return 0;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] oldInodes = inodes;
        int[] oldPids = pids;
        inodes = new long[oldInodes.length * 2];
        pids = new int[oldInodes.length * 2];
        int mask = inodes.length - 1;
        for (int j = 0; j < oldInodes.length; j++) {
            long inode = oldInodes[j];
            if (inode != 0) {
                int i = slot(inode, mask);
                while (inodes[i] != 0) {
                    i = (i + 1) & mask;
                }
                inodes[i] = inode;
                pids[i] = oldPids[j];
            }
        }
    }

    /** Socket inodes are handed out one after the other: a multiplicative hash spreads the runs. */
    private static int slot(long inode, int mask) {
        long h = inode * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
