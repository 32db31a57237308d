package io.tcpdoctor.watch;

import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.query.GroupKey;
import io.tcpdoctor.query.GroupTable;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Everything one refresh shows, computed once and drawn by either the full-screen view or the log line.
 * {@code groups}, {@code destinations} and {@code findings} come from the newest detail, {@code detailAt} old
 * (null before the first one).
 */
record Frame(
        Instant at,
        String source,
        Duration interval,
        StateCounts counts,
        History history,
        GroupKey by,
        GroupTable groups,
        List<PortClock.Row> destinations,
        List<Finding> findings,
        Instant detailAt,
        String usableRange,
        boolean recordsThisRefresh,
        List<Problem> notes) {

    /** States with a row: non-zero now or anywhere in the kept history. */
    List<TcpState> shownStates() {
        return Arrays.stream(TcpState.all()).filter(s -> counts.get(s) != 0 || history.seen(s)).toList();
    }
}
