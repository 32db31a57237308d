package io.tcpdoctor.diagnose;

import io.tcpdoctor.diagnose.rules.Rules;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The English and Chinese diagnose bundles have the same keys, and every rule id has its texts. */
class BundleTest {
    static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = BundleTest.class.getResourceAsStream("/i18n/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void chineseHasEveryEnglishKey() throws IOException {
        Properties en = load("diagnose.properties");
        Properties zh = load("diagnose_zh.properties");
        Set<String> missing = new TreeSet<>();
        for (String k : en.stringPropertyNames()) {
            // Code examples are shared: Java reads the same in both languages.
            if (!k.contains(".example") && !zh.containsKey(k)) {
                missing.add(k);
            }
        }
        assertThat(missing).isEmpty();
        for (String k : zh.stringPropertyNames()) {
            assertThat(en.containsKey(k) || k.startsWith("evidence.")).as("zh-only key " + k).isTrue();
        }
    }

    @Test
    void everyRuleIdHasATitleInBothLanguages() throws IOException {
        Properties en = load("diagnose.properties");
        Properties zh = load("diagnose_zh.properties");
        Set<String> ids = new TreeSet<>();
        Rules.ALL.forEach(r -> ids.addAll(r.ids()));
        ids.add(Engine.HEALTHY);
        for (String id : ids) {
            boolean hasTitle = en.stringPropertyNames().stream().anyMatch(k -> k.startsWith(id + ".title"));
            assertThat(hasTitle).as("title for " + id).isTrue();
            en.stringPropertyNames().stream().filter(k -> k.startsWith(id + ".")).forEach(k -> assertThat(zh).containsKey(k));
        }
        assertThat(ids).hasSize(19);
    }

    @Test
    void everyEvidenceNameHasAChineseLabel() throws IOException {
        // Chinese reports label evidence through evidence.NAME: every name a rule emits needs one.
        Properties zh = load("diagnose_zh.properties");
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("\\.evidence\\(\"([a-z0-9_]+)\"");
        Set<String> missing = new TreeSet<>();
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java/io/tcpdoctor/diagnose"))) {
            for (java.nio.file.Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                var m = p.matcher(java.nio.file.Files.readString(f));
                while (m.find()) {
                    if (!zh.containsKey("evidence." + m.group(1))) {
                        missing.add(m.group(1));
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }
}
