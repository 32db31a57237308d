package io.tcpdoctor.capture;

import io.tcpdoctor.model.SocketRecord;
import java.util.function.UnaryOperator;

/** A row waiting for the lines that complete it (ss -i details, Windows -b owners) before it goes to the sink. */
final class PendingRow {
    private SocketRecord row;

    /** Holds a new row; the caller flushed the previous one. */
    void set(SocketRecord r) {
        row = r;
    }

    /** Changes the waiting row; false when none is waiting. */
    boolean update(UnaryOperator<SocketRecord> change) {
        if (row == null) {
            return false;
        }
        row = change.apply(row);
        return true;
    }

    /** Sends the waiting row, if any, to the sink. */
    void flush(CaptureSink sink) {
        if (row != null) {
            sink.socket(row);
            row = null;
        }
    }
}
