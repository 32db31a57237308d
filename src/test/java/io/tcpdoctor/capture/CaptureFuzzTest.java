package io.tcpdoctor.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpdoctor.render.Terminal;
import io.tcpdoctor.testing.Cli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzing with jqwik generators fed by the real fixtures: byte flips, truncation, line shuffles, control bytes,
 * huge fields, gzip of the result. Whatever the input, every command ends with a documented code, at most a few
 * clear lines on stderr, valid JSON, and no raw control character. Runs for {@code tcpdoctor.fuzz.seconds}
 * (20 in the normal suite; bench/fuzz.sh runs it longer). A failing input is saved to target/fuzz-failures/.
 */
class CaptureFuzzTest {
    static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    /** One way to damage a capture. */
    enum Mutation { FLIP_BYTES, TRUNCATE, SHUFFLE_LINES, CONTROL_BYTES, HUGE_FIELD, DUPLICATE_LINES, GZIP, CUT_GZIP }

    record Case(String fixture, List<Mutation> mutations, long seed) {
    }

    static List<Path> fixtures() throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("src/test/resources/captures"))) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static Arbitrary<Case> cases(List<Path> fixtures) {
        return Combinators.combine(Arbitraries.of(fixtures.stream().map(Path::toString).toList()),
                Arbitraries.of(Mutation.class).list().ofMinSize(1).ofMaxSize(4), Arbitraries.longs()).as(Case::new);
    }

    static byte[] mutate(byte[] in, Case c) throws IOException {
        Random rnd = new Random(c.seed());
        byte[] b = in;
        for (Mutation m : c.mutations()) {
            b = switch (m) {
                case FLIP_BYTES -> {
                    byte[] o = b.clone();
                    for (int i = 0; i < 1 + o.length / 50 && o.length > 0; i++) {
                        o[rnd.nextInt(o.length)] ^= (byte) (1 << rnd.nextInt(8));
                    }
                    yield o;
                }
                case TRUNCATE -> java.util.Arrays.copyOf(b, b.length == 0 ? 0 : rnd.nextInt(b.length));
                case SHUFFLE_LINES, DUPLICATE_LINES -> {
                    List<String> lines = new ArrayList<>(List.of(new String(b, StandardCharsets.ISO_8859_1).split("\n", -1)));
                    if (m == Mutation.SHUFFLE_LINES) {
                        Collections.shuffle(lines, rnd);
                    } else if (!lines.isEmpty()) {
                        String l = lines.get(rnd.nextInt(lines.size()));
                        for (int i = 0; i < 50; i++) {
                            lines.add(rnd.nextInt(lines.size()), l);
                        }
                    }
                    yield String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
                }
                case CONTROL_BYTES -> {
                    ByteArrayOutputStream o = new ByteArrayOutputStream();
                    byte[] evil = {0x1b, '[', '2', 'J', 0x07, 0, '\r', (byte) 0x9b, (byte) 0xe2, (byte) 0x80, (byte) 0xae};
                    for (byte x : b) {
                        o.write(x);
                        if (rnd.nextInt(40) == 0) {
                            o.write(evil, 0, 1 + rnd.nextInt(evil.length));
                        }
                    }
                    yield o.toByteArray();
                }
                case HUGE_FIELD -> {
                    int at = b.length == 0 ? 0 : rnd.nextInt(b.length);
                    ByteArrayOutputStream o = new ByteArrayOutputStream();
                    o.write(b, 0, at);
                    byte[] huge = new byte[20_000 + rnd.nextInt(50_000)];
                    java.util.Arrays.fill(huge, (byte) (rnd.nextBoolean() ? 'A' : '9'));
                    o.write(huge);
                    o.write(b, at, b.length - at);
                    yield o.toByteArray();
                }
                case GZIP, CUT_GZIP -> {
                    ByteArrayOutputStream o = new ByteArrayOutputStream();
                    try (GZIPOutputStream g = new GZIPOutputStream(o)) {
                        g.write(b);
                    }
                    byte[] z = o.toByteArray();
                    yield m == Mutation.GZIP ? z : java.util.Arrays.copyOf(z, Math.max(0, z.length - 1 - rnd.nextInt(Math.max(1, z.length / 2))));
                }
            };
        }
        return b;
    }

    static boolean rawControl(String s) {
        return s.chars().anyMatch(ch -> ch != '\n' && ch != '\t' && Terminal.isUnsafe((char) ch));
    }

    @Test
    void mutatedRealCapturesNeverCrash() throws Exception {
        long seconds = Long.getLong("tcpdoctor.fuzz.seconds", 20);
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        Iterator<Case> gen = cases(fixtures()).sampleStream().iterator();
        int runs = 0;
        while (System.nanoTime() < deadline && gen.hasNext()) {
            Case c = gen.next();
            byte[] data = mutate(Files.readAllBytes(Path.of(c.fixture())), c);
            Path f = tmp.resolve("case.bin");
            Files.write(f, data);
            for (String[] args : new String[][] {{"states", "-i", f.toString(), "-o", "json"}, {"list", "-p", "-i", f.toString()},
                    {"states", "--by", "peer", "-i", f.toString(), "-o", "csv"}, {"diagnose", "-i", f.toString(), "-o", "json"},
                    {"check", "-i", f.toString()}}) {
                Cli.Result r = Cli.run(args);
                try {
                    boolean check = args[0].equals("check");
                    assertThat(r.code()).isIn(check ? List.of(0, 1, 2, 3) : List.of(0, 4));
                    assertThat(r.err()).doesNotContain("internal error", "Exception");
                    assertThat(r.err().lines().allMatch(l -> l.startsWith("tcpdoctor: "))).isTrue();
                    assertThat(r.err().lines().count()).isLessThanOrEqualTo(8);
                    assertThat(rawControl(r.out()) || rawControl(r.err())).isFalse();
                    if (check) {
                        assertThat(r.out().lines().count()).isEqualTo(1);
                    }
                    if (r.code() == 0 && args[args.length - 1].equals("json")) {
                        MAPPER.readTree(r.out());
                    }
                } catch (AssertionError | IOException e) {
                    Path keep = Path.of("target/fuzz-failures");
                    Files.createDirectories(keep);
                    Files.write(keep.resolve("case-" + c.seed() + ".bin"), data);
                    throw new AssertionError(String.join(" ", args) + " on " + c + " (saved in " + keep + "): "
                            + e.getMessage() + "\nstdout: " + r.out().lines().limit(3).toList() + "\nstderr: " + r.err(), e);
                }
            }
            runs++;
        }
        assertThat(runs).as("fuzz cases run").isPositive();
    }
}
