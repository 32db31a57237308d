package io.tcpdoctor.model;

import java.util.Map;

/**
 * How the owner scan went: processes scanned, processes whose fds could not be read (permission),
 * processes that vanished mid-scan, and sockets left without an owner though they have an inode; and how many
 * descriptors each owner had open when its fd directory was listed whole ({@code openFds}, by pid), so that no
 * reader lists a server's 100,000 descriptors a second time.
 */
public record OwnerStats(int processes, int denied, int vanished, long unattributed, Map<Integer, Integer> openFds) {
    public OwnerStats {
        openFds = Map.copyOf(openFds);
    }

    /** Without descriptor counts. */
    public OwnerStats(int processes, int denied, int vanished, long unattributed) {
        this(processes, denied, vanished, unattributed, Map.of());
    }

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
