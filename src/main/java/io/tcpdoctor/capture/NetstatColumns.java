package io.tcpdoctor.capture;

import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.TcpState;
import java.util.List;

/**
 * The six columns Linux and BSD netstat rows share: {@code Proto Recv-Q Send-Q Local Foreign State}. Redacted
 * or mangled queue and address fields leave those values unknown; only a short row or an unknown state costs
 * the row.
 */
record NetstatColumns(long recvQ, long sendQ, Endpoint local, Endpoint remote, TcpState state) {

    /** The columns of a row, or null after telling the sink why the row cannot be used. */
    static NetstatColumns parse(List<String> f, boolean dotted, String line, long number, CaptureSink sink) {
        if (f.size() < 6) {
            sink.skip(number, "truncated netstat row (" + f.size() + " of at least 6 fields)", line);
            return null;
        }
        TcpState state = StateNames.parse(f.get(5));
        if (state == null) {
            sink.skip(number, "unknown state '" + f.get(5) + "'", line);
            return null;
        }
        return new NetstatColumns(Fields.number(f.get(1)), Fields.number(f.get(2)), Endpoints.lenient(f.get(3), dotted),
                Endpoints.lenient(f.get(4), dotted), state);
    }
}
