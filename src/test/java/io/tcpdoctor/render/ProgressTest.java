package io.tcpdoctor.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void silentWhenStderrIsNotATerminal() {
        // Under the test runner stderr is a pipe: nothing may be drawn.
        StringWriter w = new StringWriter();
        try (Progress p = Progress.start(new PrintWriter(w), "reading", false)) {
            assertThat(p.visible()).isFalse();
            p.bytes(50, 100);
        }
        assertThat(w.toString()).isEmpty();
    }

    @Test
    void drawsPercentAndErasesItself() {
        StringWriter w = new StringWriter();
        try (Progress p = Progress.forced(new PrintWriter(w), "reading x.txt")) {
            p.bytes(512L << 20, 1L << 30);
        }
        assertThat(w.toString()).startsWith("\rreading x.txt  50% (512 MB of 1.0 GB)").endsWith("\r\u001b[K");
    }
}
