package io.tcpdoctor.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** JSON output: documents built from maps and lists, or streamed for large arrays. */
public final class Json {
    private Json() {
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    /** Writes a document (maps, lists, strings, numbers, records) pretty-printed, then a newline. */
    public static void write(PrintWriter out, Object document) {
        try {
            Holder.MAPPER.writeValue(out, document);
            out.println();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A streaming generator on the writer (not closing it), for arrays of many objects. */
    public static JsonGenerator generator(PrintWriter out) {
        try {
            return new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
