package io.tcpdoctor.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpdoctor.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every command's JSON, on every capture format, validates against the documented schema. */
class JsonSchemaTest {
    static final ObjectMapper MAPPER = new ObjectMapper();

    static SchemaValidator schema(String name) throws IOException {
        return new SchemaValidator(MAPPER.readTree(Path.of("src/test/resources/schema/" + name + ".schema.json").toFile()));
    }

    static List<String> captures() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Path.of("src/test/resources/captures"))) {
            s.filter(Files::isRegularFile).map(Path::toString).sorted().forEach(out::add);
        }
        return out;
    }

    private static void valid(String schemaName, String... args) throws IOException {
        Cli.Result r = Cli.run(args);
        String line = String.join(" ", args);
        assertThat(r.out()).as(line + ": " + r.err()).isNotBlank();
        JsonNode doc = MAPPER.readTree(r.out());
        List<String> errors = schema(schemaName).validate(doc);
        assertThat(errors).as(line).isEmpty();
        // Non-finite numbers are not JSON: never as a value.
        assertThat(r.out()).as(line).doesNotContainPattern(":\\s*-?(NaN|Infinity)");
    }

    @Test
    void everyCommandOnEveryCapture() throws IOException {
        int validated = 0;
        for (String c : captures()) {
            Cli.Result probe = Cli.run("states", "-i", c, "-o", "json");
            if (probe.code() != 0) {
                // Fixtures of deliberately bad input are covered elsewhere; here every document must validate.
                continue;
            }
            valid("states", "states", "-i", c, "-o", "json");
            Cli.Result list = Cli.run("list", "-p", "-i", c, "-o", "json");
            if (list.code() == 0) {
                valid("list", "list", "-p", "-i", c, "-o", "json");
                valid("states", "states", "--by", "process", "-i", c, "-o", "json");
                valid("states", "states", "--by", "peer", "--top", "2", "-i", c, "-o", "json");
            }
            valid("diagnose", "diagnose", "-i", c, "-o", "json");
            valid("diagnose", "diagnose", "-i", c, "-o", "json", "--lang", "zh");
            valid("check", "check", "-i", c, "-o", "json");
            valid("diff", "diff", c, c, "-o", "json");
            validated++;
        }
        assertThat(validated).isGreaterThan(20);
    }

    @Test
    void commandsWithoutACapture() throws IOException {
        valid("states", "states", "-o", "json");
        valid("list", "list", "-o", "json");
        valid("check", "check", "-o", "json", "--ports-warn", "NaN");
        valid("tune", "tune", "--role", "client", "-o", "json");
        valid("capacity", "capacity", "--close-rate", "1000", "-o", "json");
        valid("capacity", "capacity", "--close-rate", "1000000000", "--destinations", "1000000", "-o", "json");
        valid("explain", "explain", "time-wait", "-o", "json");
        valid("list", "list", "-i", "src/test/resources/captures/netstat/netstat-antp.txt", "--state", "syn-sent", "-o", "json");
    }
}
