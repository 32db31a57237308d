package io.tcpdoctor.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The words of the kernel's text files are what the regular expressions they replace gave. */
class WordsTest {
    /** Java's {@code \s}: what /proc and sysctl files separate their values with. */
    private static final String BLANKS = " \t\n\u000B\f\r";

    @Test
    void wordsAndFoldingAreThoseOfTheRegularExpressions() {
        Random rnd = new Random(42);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder s = new StringBuilder();
            int parts = rnd.nextInt(8);
            for (int p = 0; p < parts; p++) {
                int len = rnd.nextInt(4);
                for (int i = 0; i < len; i++) {
                    s.append(rnd.nextBoolean() ? BLANKS.charAt(rnd.nextInt(BLANKS.length()))
                            : "a0-:9Zx_.".charAt(rnd.nextInt(9)));
                }
            }
            String text = s.toString();
            String trimmed = text.trim();
            List<String> split = trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
            assertThat(Words.of(text)).as("'%s'", text).isEqualTo(split);
            assertThat(Words.folded(text)).as("'%s'", text).isEqualTo(trimmed.replaceAll("\\s+", " "));
        }
    }

    @Test
    void wordsFromAnIndexSkipTheLabel() {
        assertThat(Words.of("Max open files            1024                 524288               files     ",
                "Max open files".length())).containsExactly("1024", "524288", "files");
        assertThat(Words.of("Tcp: 1 200", 4)).containsExactly("1", "200");
        assertThat(Words.of("   ")).isEmpty();
        assertThat(Words.folded("32768\t60999\n")).isEqualTo("32768 60999");
    }
}
