import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Build step (run by Maven before compiling): turns the text bundles {@code i18n/*.properties} (UTF-8) into one
 * Java class, {@code io.tcpdoctor.i18n.BundleData}, that holds each file's keys and texts as a sorted array. The
 * program then finds its texts in a class of the start-up cache instead of reading and parsing about 100 KB of
 * properties at each start, which took a short command 15-25 ms before the JIT compiler had run. The files are read
 * by {@link Properties}, so every text is what a {@code ResourceBundle} of the same file gives.
 *
 * <pre>java scripts/TextsToJava.java src/main/resources/i18n target/generated-sources/tcpdoctor</pre>
 */
public final class TextsToJava {
    public static void main(String[] args) throws IOException {
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1], "io", "tcpdoctor", "i18n", "BundleData.java");
        List<Path> files;
        try (Stream<Path> s = Files.list(in)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".properties")).sorted().toList();
        }
        StringBuilder j = new StringBuilder();
        j.append("package io.tcpdoctor.i18n;\n\n")
                .append("/** Generated from src/main/resources/i18n by scripts/TextsToJava.java: do not edit. */\n")
                .append("final class BundleData {\n")
                .append("    private BundleData() {\n    }\n\n")
                .append("    /** A file's keys and texts, sorted by key: key, text, key, text...; null for no such file. */\n")
                .append("    static String[] pairs(String file) {\n")
                .append("        return switch (file) {\n");
        List<String> methods = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString().replace(".properties", "");
            String method = "m" + methods.size();
            j.append("            case ").append(literal(name)).append(" -> ").append(method).append("();\n");
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            TreeMap<String, String> sorted = new TreeMap<>();
            p.forEach((k, v) -> sorted.put((String) k, (String) v));
            StringBuilder m = new StringBuilder();
            m.append("    private static String[] ").append(method).append("() {\n        return new String[] {\n");
            sorted.forEach((k, v) -> m.append("            ").append(literal(k)).append(", ").append(literal(v)).append(",\n"));
            m.append("        };\n    }\n");
            methods.add(m.toString());
        }
        j.append("            default -> null;\n        };\n    }\n");
        methods.forEach(m -> j.append('\n').append(m));
        j.append("}\n");
        Files.createDirectories(out.getParent());
        String text = j.toString();
        if (!Files.exists(out) || !Files.readString(out).equals(text)) {
            Files.writeString(out, text);
        }
    }

    private static String literal(String s) {
        return JavaText.literal(s);
    }
}
