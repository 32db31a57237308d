package io.tcpdoctor.model;

/**
 * How the owner scan went: processes scanned, processes whose fds could not be read (permission),
 * processes that vanished mid-scan, and sockets left without an owner though they have an inode.
 */
public record OwnerStats(int processes, int denied, int vanished, long unattributed) {
    /** One line for stderr, or null when every socket with an inode was attributed. */
    public String note() {
        if (unattributed == 0) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        b.append(unattributed).append(" socket(s) with an inode have no owner");
        if (denied > 0) {
            b.append("; ").append(denied).append(" process(es) not readable (run as root to see them)");
        }
        if (vanished > 0) {
            b.append("; ").append(vanished).append(" process(es) exited during the scan");
        }
        return b.toString();
    }
}
