package io.tcpdoctor.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * JSON output through Jackson's streaming generator: documents built from maps, lists, records and scalars,
 * pretty-printed. The generator alone loads a fraction of what a data-binding mapper does, which matters for
 * a command that runs in a monitoring loop.
 */
public final class Json {
    private Json() {
    }

    private static final JsonFactory FACTORY = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    /** Writes a document (maps, lists, arrays, records, strings, numbers, booleans, enums) and a newline. */
    public static void write(PrintWriter out, Object document) {
        try {
            JsonGenerator g = generator(out);
            g.useDefaultPrettyPrinter();
            value(g, document);
            g.flush();
            out.println();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A streaming generator on the writer (not closing it), for arrays of many objects. */
    public static JsonGenerator generator(PrintWriter out) {
        try {
            return FACTORY.createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void number(JsonGenerator g, double d) throws IOException {
        if (Double.isFinite(d)) {
            g.writeNumber(d);
        } else {
            g.writeNull();
        }
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Short s -> g.writeNumber(s);
            case Byte b -> g.writeNumber(b);
            // NaN and Infinity are not JSON numbers: such a value is unknown, i.e. null.
            case Double d -> number(g, d);
            case Float f -> number(g, f);
            case BigDecimal d -> g.writeNumber(d);
            case BigInteger i -> g.writeNumber(i);
            case Number n -> number(g, n.doubleValue());
            case Enum<?> e -> g.writeString(e.name());
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    value(g, e.getValue());
                }
                g.writeEndObject();
            }
            case Iterable<?> it -> {
                g.writeStartArray();
                for (Object o : it) {
                    value(g, o);
                }
                g.writeEndArray();
            }
            case Object[] arr -> {
                g.writeStartArray();
                for (Object o : arr) {
                    value(g, o);
                }
                g.writeEndArray();
            }
            case long[] arr -> {
                g.writeStartArray();
                for (long o : arr) {
                    g.writeNumber(o);
                }
                g.writeEndArray();
            }
            case int[] arr -> {
                g.writeStartArray();
                for (int o : arr) {
                    g.writeNumber(o);
                }
                g.writeEndArray();
            }
            case double[] arr -> {
                g.writeStartArray();
                for (double o : arr) {
                    number(g, o);
                }
                g.writeEndArray();
            }
            case Record r -> {
                g.writeStartObject();
                for (RecordComponent c : r.getClass().getRecordComponents()) {
                    g.writeFieldName(c.getName());
                    try {
                        value(g, c.getAccessor().invoke(r));
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
                    }
                }
                g.writeEndObject();
            }
            default -> g.writeString(v.toString());
        }
    }
}
