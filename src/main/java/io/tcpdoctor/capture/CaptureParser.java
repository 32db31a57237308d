package io.tcpdoctor.capture;

/**
 * A parser of one capture format: fed one line at a time (line end removed), it reports rows to a sink
 * and says what kind of line it saw. Parsers are pure (no I/O, no output) and keep at most one pending row.
 */
public interface CaptureParser {
    /** What a line was to this format. */
    enum LineKind {
        /** A data row (socket, total or IPVS entry), or a part of one. */
        DATA,
        /** A header or title line this format prints. */
        HEADER,
        /** A line this format prints but that carries nothing tcpdoctor counts (udp, unix, blank). */
        NOISE,
        /** A line this format does not explain; it was reported to the sink. */
        SKIPPED
    }

    /** Parses one line; {@code number} is its 1-based line number in the file. */
    LineKind line(String line, long number, CaptureSink sink);

    /** End of input (or of this format's section): flushes a row still waiting for continuation lines. */
    default void finish(CaptureSink sink) {
    }
}
