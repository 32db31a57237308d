package io.tcpdoctor.capture;

import io.tcpdoctor.model.IpvsEntry;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Everything a read of one capture produced, for assertions. */
final class Parsed implements CaptureSink {
    final List<SocketRecord> sockets = new ArrayList<>();
    final StateCounts totals = new StateCounts();
    final List<IpvsEntry> ipvs = new ArrayList<>();
    final List<FastNetstatCounter.Skip> skips = new ArrayList<>();
    CaptureReader.Summary summary;

    static byte[] resource(String name) {
        try (InputStream in = Parsed.class.getResourceAsStream("/captures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Parsed of(String resource) {
        return of(resource(resource), null);
    }

    static Parsed of(byte[] bytes, CaptureFormat forced) {
        Parsed p = new Parsed();
        try (LineReader in = new LineReader(new ByteArrayInputStream(bytes))) {
            p.summary = CaptureReader.read(in, forced, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Socket counts plus totals-only counts. */
    StateCounts counts() {
        StateCounts c = new StateCounts();
        for (SocketRecord r : sockets) {
            c.add(r.state());
        }
        c.addAll(totals);
        return c;
    }

    long count(TcpState s) {
        return counts().get(s);
    }

    @Override
    public void socket(SocketRecord r) {
        sockets.add(r);
    }

    @Override
    public void count(TcpState state, long n) {
        totals.add(state, n);
    }

    @Override
    public void ipvs(IpvsEntry e) {
        ipvs.add(e);
    }

    @Override
    public void skip(long line, String why, String text) {
        skips.add(new FastNetstatCounter.Skip(line, why, text));
    }
}
