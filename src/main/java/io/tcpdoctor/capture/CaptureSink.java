package io.tcpdoctor.capture;

import io.tcpdoctor.model.IpvsEntry;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;

/** Receives what a parser finds in a capture: sockets, totals, IPVS entries and skipped lines. */
public interface CaptureSink {
    /** One socket row. */
    void socket(SocketRecord r);

    /** A total from a totals-only format ({@code ss -s}, a {@code uniq -c} table). */
    void count(TcpState state, long n);

    /** One IPVS connection entry. */
    void ipvs(IpvsEntry e);

    /** A line that looked like data but could not be used. */
    void skip(long line, String why, String text);

    /** A sink that drops everything: format detection only needs the line kinds. */
    CaptureSink NONE = new CaptureSink() {
        @Override
        public void socket(SocketRecord r) {
        }

        @Override
        public void count(TcpState state, long n) {
        }

        @Override
        public void ipvs(IpvsEntry e) {
        }

        @Override
        public void skip(long line, String why, String text) {
        }
    };
}
