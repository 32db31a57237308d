package io.tcpdoctor.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a large, realistic {@code netstat -antp} capture at test time (never committed). */
public final class BigCapture {
    private BigCapture() {
    }

    private static final String[] STATES = {"ESTABLISHED", "ESTABLISHED", "ESTABLISHED", "TIME_WAIT", "TIME_WAIT",
            "CLOSE_WAIT", "FIN_WAIT2", "SYN_SENT"};

    /** {@code rows} socket rows from many local ports to 64 destinations, owned by a handful of processes. */
    public static Path netstat(Path file, int rows) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("Active Internet connections (servers and established)\n");
            w.write("Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name\n");
            StringBuilder b = new StringBuilder(128);
            for (int i = 0; i < rows; i++) {
                b.setLength(0);
                String state = STATES[i % STATES.length];
                int local = 10 + (i / 28_000) % 200;
                b.append("tcp        0      0 10.1.").append(local / 250).append('.').append(local % 250 + 1).append(':')
                        .append(32768 + i % 28_000).append("      10.2.0.").append(1 + i % 64).append(':')
                        .append(i % 3 == 0 ? 3306 : 443).append("       ").append(state).append("  ");
                b.append(state.equals("TIME_WAIT") ? "-" : (1000 + i % 7) + "/java" + i % 7).append('\n');
                w.write(b.toString());
            }
        }
        return file;
    }

    /** {@code rows} outgoing connections, each to a destination of its own (a crawler): the most aggregates a capture can need. */
    public static Path netstatEveryDestination(Path file, int rows) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name\n");
            for (int i = 0; i < rows; i++) {
                w.write("tcp        0      0 10.1.0.1:" + (32768 + i % 28_000) + "      10." + (i >> 16) + "." + (i >> 8 & 255)
                        + "." + (i & 255) + ":443       ESTABLISHED " + (1000 + i % 7) + "/java\n");
            }
        }
        return file;
    }
}
