package io.tcpdoctor.collect;

import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.SocketFilter;
import java.util.function.Consumer;

/** A live source of TCP sockets. Implementations apply at least the state and family parts of the filter. */
public interface SocketSource {
    /** Short name for messages and JSON ({@code netlink}, {@code proc}). */
    String name();

    /**
     * Streams every socket matching the filter's states and families to the sink.
     *
     * @param withInfo also fetch tcp_info (idle times) where the source can
     */
    void scan(SocketFilter filter, boolean withInfo, Consumer<SocketRecord> sink);

    /** Counts sockets per state for a state-only filter, without building records where possible. */
    default StateCounts count(SocketFilter filter) {
        StateCounts c = new StateCounts();
        scan(filter, false, r -> c.add(r.state()));
        return c;
    }
}
