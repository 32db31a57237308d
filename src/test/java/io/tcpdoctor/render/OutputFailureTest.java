package io.tcpdoctor.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.Main;
import io.tcpdoctor.testing.BigCapture;
import io.tcpdoctor.testing.ChildJvm;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed write stops the command: an error for a full disk, a quiet 141 for a closed pipe. */
class OutputFailureTest {
    @TempDir
    static Path tmp;
    static Path capture;

    @BeforeAll
    static void capture() throws IOException {
        capture = BigCapture.netstat(tmp.resolve("netstat-100k.txt"), 100_000);
    }

    /** A stream that fails after a number of bytes, and counts writes attempted after the failure. */
    static final class Failing extends OutputStream {
        final long limit;
        final String message;
        long written;
        int afterFailure;
        long failedAt;

        Failing(long limit, String message) {
            this.limit = limit;
            this.message = message;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (failedAt != 0) {
                afterFailure++;
            }
            if (written + len > limit) {
                if (failedAt == 0) {
                    failedAt = System.nanoTime();
                }
                throw new IOException(message);
            }
            written += len;
        }
    }

    private static int run(Failing sink, StringWriter err, String... args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new Output(sink), StandardCharsets.UTF_8));
        return Main.execute(out, new PrintWriter(err), args);
    }

    @Test
    void aClosedPipeEndsAtTheFirstFailedWriteWithStatus141() {
        for (String fmt : new String[] {"text", "csv", "json"}) {
            Failing sink = new Failing(10_000, "Broken pipe");
            StringWriter err = new StringWriter();
            int code = run(sink, err, "list", "-p", "-o", fmt, "-i", capture.toString());
            long unwindMs = (System.nanoTime() - sink.failedAt) / 1_000_000;
            assertThat(code).as(fmt + ": " + err).isEqualTo(Output.CLOSED_PIPE_EXIT);
            assertThat(err.toString()).as(fmt).isEmpty();
            assertThat(sink.afterFailure).as(fmt + ": writes after the pipe closed").isZero();
            assertThat(unwindMs).as(fmt + ": ms from the failed write to the exit").isLessThan(1000);
        }
    }

    @Test
    void aFullDiskIsAnErrorWithOneLine() {
        for (String[] args : new String[][] {{"list", "-i", capture.toString()}, {"states", "-o", "json", "-i", capture.toString()},
                {"states", "--by", "peer", "-i", capture.toString()}, {"explain", "time-wait"}}) {
            Failing sink = new Failing(100, "No space left on device");
            StringWriter err = new StringWriter();
            int code = run(sink, err, args);
            assertThat(code).as(String.join(" ", args)).isEqualTo(1);
            assertThat(err.toString()).isEqualTo("tcpdoctor: cannot write to standard output: No space left on device"
                    + System.lineSeparator());
            assertThat(sink.afterFailure).isZero();
        }
        Failing sink = new Failing(10, "No space left on device");
        StringWriter err = new StringWriter();
        assertThat(run(sink, err, "check", "-i", capture.toString())).isEqualTo(3);
    }

    @Test
    void realDevFullAndARealClosedPipe() throws Exception {
        ChildJvm.Result full = ChildJvm.bash(ChildJvm.command("", "states", "-i", capture.toString()) + " > /dev/full", 120);
        assertThat(full.code()).isEqualTo(1);
        assertThat(full.err()).contains("tcpdoctor: cannot write to standard output: No space left on device");
        ChildJvm.Result pipe = ChildJvm.bash("set -o pipefail; " + ChildJvm.command("", "list", "-p", "-i", capture.toString())
                + " | head -1", 120);
        assertThat(pipe.code()).as(pipe.err()).isEqualTo(141);
        assertThat(pipe.out().lines().count()).isEqualTo(1);
        assertThat(pipe.err()).isEmpty();
    }
}
