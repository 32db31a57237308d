package io.tcpdoctor.watch;

import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.ports.PortUsage;
import java.time.Instant;
import java.util.List;

/**
 * Where {@code watch} gets its numbers. Two reads of different cost: counts per state (every refresh) and
 * the full picture with records, owners, host facts and findings (as often as {@link RecordSchedule} allows).
 * The watch package sees the kernel only through this interface.
 */
public interface WatchSource extends AutoCloseable {

    /** Socket counts per state at one instant, with the source's notes (fallbacks, permission gaps). */
    record Counts(Instant at, StateCounts counts, List<Problem> notes) {
        public Counts {
            notes = List.copyOf(notes);
        }
    }

    /**
     * Every socket at one instant, the findings of the rules on it (rates measured against the previous detail),
     * and its outgoing connections per destination against the usable ephemeral port range.
     */
    record Detail(Instant at, List<SocketRecord> sockets, List<Finding> findings, PortUsage ports, List<Problem> notes) {
        public Detail {
            findings = List.copyOf(findings);
            notes = List.copyOf(notes);
        }
    }

    /** Counts only: no per-socket objects. */
    Counts counts();

    /** Records, owners, host facts and findings. */
    Detail detail();

    /** A short description for the header ({@code live netlink netns blue}). */
    String describe();

    @Override
    void close();
}
