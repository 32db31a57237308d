package io.tcpdoctor.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tcpdoctor.diagnose.Action;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.query.GroupTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The JSON documents of the {@code /api/...} endpoints, written from a namespace's newest view and history. */
public final class Api {
    private static final JsonFactory JSON = new JsonFactory();

    private Api() {
    }

    /** Writes one document. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] json(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code /api/namespaces}. */
    public static byte[] namespaces(Exporter ex) {
        return json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("namespaces");
            for (Monitor m : ex.monitors()) {
                g.writeStartObject();
                g.writeStringField("netns", m.netns());
                g.writeNumberField("interval_seconds", m.interval().toMillis() / 1000.0);
                Monitor.Latest l = m.latest();
                g.writeStringField("taken_at", l == null ? null : l.view().at().toString());
                g.writeNumberField("failures", m.failures());
                g.writeStringField("error", m.lastError());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** {@code /api/states}: counts per state (all states, zeros included), per family, and port use. */
    public static byte[] states(Monitor m) {
        View v = m.latest().view();
        return json(g -> {
            g.writeStartObject();
            g.writeStringField("netns", v.netns());
            g.writeStringField("taken_at", v.at().toString());
            g.writeStringField("source", v.source());
            g.writeNumberField("sample_seconds", v.tookSeconds());
            StateCounts all = v.states();
            g.writeNumberField("total", all.total());
            counts(g, "states", all);
            counts(g, "ipv4", v.ipv4());
            counts(g, "ipv6", v.ipv6());
            g.writeNumberField("ephemeral_ports_usable", v.portsUsable());
            g.writeArrayFieldStart("destinations");
            for (View.Destination d : v.destinations()) {
                g.writeStartObject();
                g.writeStringField("destination", d.destination());
                g.writeNumberField("in_use", d.inUse());
                g.writeNumberField("headroom", v.portsUsable() - d.inUse());
                g.writeEndObject();
            }
            g.writeEndArray();
            rates(g, v.rates());
            g.writeObjectFieldStart("time_wait_age");
            g.writeArrayFieldStart("le");
            for (double b : View.AGE_BOUNDS) {
                if (Double.isInfinite(b)) {
                    g.writeString("+Inf");
                } else {
                    g.writeNumber(b);
                }
            }
            g.writeEndArray();
            g.writeArrayFieldStart("count");
            for (long c : v.timeWaitAge()) {
                g.writeNumber(c);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** Per-second changes since the sample before, or null on the first sample. */
    private static void rates(JsonGenerator g, View.Rates r) throws IOException {
        if (r == null) {
            g.writeNullField("rates");
            return;
        }
        g.writeObjectFieldStart("rates");
        g.writeNumberField("seconds", r.seconds());
        g.writeObjectFieldStart("states");
        for (Map.Entry<TcpState, Double> e : r.states().entrySet()) {
            g.writeNumberField(e.getKey().name(), e.getValue());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("counters");
        for (Map.Entry<String, Double> e : r.counters().entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** {@code /api/series}: the last hour, times in epoch seconds, one array per state. */
    public static byte[] series(Monitor m) {
        History.Window w = m.history().window();
        return json(g -> {
            g.writeStartObject();
            g.writeStringField("netns", m.netns());
            g.writeNumberField("interval_seconds", m.interval().toMillis() / 1000.0);
            g.writeArrayFieldStart("t");
            for (long t : w.at()) {
                g.writeNumber(t / 1000.0);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("states");
            for (TcpState s : TcpState.all()) {
                g.writeArrayFieldStart(s.name());
                for (long c : w.perState()[s.ordinal()]) {
                    g.writeNumber(c);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeArrayFieldStart("findings");
            for (int f : w.findings()) {
                g.writeNumber(f);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** {@code /api/groups?by=}: the largest groups and the summed rest. */
    public static byte[] groups(Monitor m, Dimension by) {
        View.Groups gs = m.latest().view().groups().get(by);
        return json(g -> {
            g.writeStartObject();
            g.writeStringField("netns", m.netns());
            g.writeStringField("by", by.option());
            g.writeArrayFieldStart("groups");
            for (GroupTable.Row r : gs.rows()) {
                row(g, r, 0);
            }
            g.writeEndArray();
            g.writeFieldName("other");
            if (gs.other() == null) {
                g.writeNull();
            } else {
                row(g, gs.other(), gs.otherGroups());
            }
            g.writeEndObject();
        });
    }

    /** {@code /api/findings}: findings with explanations and actions, most severe first. */
    public static byte[] findings(Monitor m) {
        View v = m.latest().view();
        return json(g -> {
            g.writeStartObject();
            g.writeStringField("netns", v.netns());
            g.writeStringField("taken_at", v.at().toString());
            g.writeArrayFieldStart("findings");
            for (Finding f : v.findings()) {
                g.writeStartObject();
                g.writeStringField("id", f.id());
                g.writeStringField("severity", f.severity().label());
                g.writeStringField("title", f.title());
                g.writeStringField("explanation", f.explanation());
                g.writeObjectFieldStart("evidence");
                for (Map.Entry<String, Object> e : f.evidence().entrySet()) {
                    g.writeFieldName(e.getKey());
                    switch (e.getValue()) {
                        case null -> g.writeNull();
                        case Integer i -> g.writeNumber(i);
                        case Long l -> g.writeNumber(l);
                        case Number n -> g.writeNumber(n.doubleValue());
                        case Boolean b -> g.writeBoolean(b);
                        default -> g.writeString(String.valueOf(e.getValue()));
                    }
                }
                g.writeEndObject();
                g.writeArrayFieldStart("actions");
                for (Action a : f.actions()) {
                    g.writeStartObject();
                    g.writeStringField("kind", a.kind().label());
                    g.writeStringField("text", a.text());
                    g.writeStringField("example", a.example());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeStringField("process", f.process() == null ? null : f.process().label());
                g.writeStringField("peer", f.peer());
                g.writeStringField("local", f.local());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void row(JsonGenerator g, GroupTable.Row r, int groups) throws IOException {
        g.writeStartObject();
        g.writeStringField("group", r.group());
        if (groups > 0) {
            g.writeNumberField("groups", groups);
        }
        g.writeNumberField("total", r.counts().total());
        g.writeObjectFieldStart("states");
        for (Map.Entry<TcpState, Long> e : r.counts().nonZero().entrySet()) {
            g.writeNumberField(e.getKey().name(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void counts(JsonGenerator g, String field, StateCounts c) throws IOException {
        g.writeObjectFieldStart(field);
        for (TcpState s : TcpState.all()) {
            g.writeNumberField(s.name(), c.get(s));
        }
        g.writeEndObject();
    }

    /** A JSON error document. */
    public static byte[] error(String message) {
        return json(g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }
}
