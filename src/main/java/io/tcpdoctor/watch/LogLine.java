package io.tcpdoctor.watch;

import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.model.TcpState;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * One compact line per refresh for logs and pipes:
 * {@code 2026-12-01T21:00:01Z total=1234(+12) ESTABLISHED=900 TIME_WAIT=300(+12,+12.0/s) findings=warning:id}.
 * A state is listed while it is non-zero or just changed; the change and rate appear only when there was one.
 */
final class LogLine {
    private LogLine() {
    }

    static String of(Frame f) {
        StringBuilder b = new StringBuilder(160);
        boolean wholeSeconds = f.interval().toMillis() % 1000 == 0;
        b.append(f.at().truncatedTo(wholeSeconds ? ChronoUnit.SECONDS : ChronoUnit.MILLIS));
        long totalChange = f.history().totalChange();
        b.append(" total=").append(f.counts().total());
        if (totalChange != 0) {
            b.append('(').append(signed(totalChange)).append(')');
        }
        for (TcpState s : TcpState.all()) {
            long n = f.counts().get(s);
            long d = f.history().change(s);
            if (n == 0 && d == 0) {
                continue;
            }
            b.append(' ').append(s.name()).append('=').append(n);
            if (d != 0) {
                b.append('(').append(signed(d)).append(',').append(rate(f.history().rate(s))).append(')');
            }
        }
        StringBuilder problems = new StringBuilder();
        for (Finding x : f.findings()) {
            if (x.severity() != Severity.INFO) {
                problems.append(problems.isEmpty() ? "" : ",").append(x.severity().label()).append(':').append(x.id());
            }
        }
        if (!problems.isEmpty()) {
            b.append(" findings=").append(problems);
        }
        return b.toString();
    }

    static String signed(long n) {
        return n > 0 ? "+" + n : Long.toString(n);
    }

    /** {@code +12.0/s}; {@code ?/s} before a rate can be measured. */
    static String rate(double perSecond) {
        return Double.isNaN(perSecond) ? "?/s" : String.format(Locale.ROOT, "%+.1f/s", perSecond);
    }
}
