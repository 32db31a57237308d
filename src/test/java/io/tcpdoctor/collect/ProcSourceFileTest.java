package io.tcpdoctor.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.model.SocketFilter;
import io.tcpdoctor.model.TcpState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One /proc table file counted by the java.io reader: the counts, and the errors it maps. */
class ProcSourceFileTest {
    @TempDir
    Path dir;

    @Test
    void countsEveryRowOfAFileLargerThanOneRead() throws Exception {
        StringBuilder text = new StringBuilder(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
        // More than the 64 KB read buffer, so rows are split across reads.
        for (int i = 0; i < 1500; i++) {
            text.append(i % 3 == 0 ? ProcNetTcpTest.TW4 : ProcNetTcpTest.LISTEN4).append('\n');
        }
        Path file = dir.resolve("tcp");
        Files.writeString(file, text);
        assertThat(Files.size(file)).isGreaterThan(1 << 16);
        var c = ProcSource.count(file, SocketFilter.all());
        assertThat(c.get(TcpState.TIME_WAIT)).isEqualTo(500);
        assertThat(c.get(TcpState.LISTEN)).isEqualTo(1000);
        assertThat(c.total()).isEqualTo(1500);
    }

    @Test
    void aMissingTcp6IsNoSocketsAndAMissingTcpIsAClearError() {
        assertThat(ProcSource.count(dir.resolve("tcp6"), SocketFilter.all()).total()).isZero();
        assertThatThrownBy(() -> ProcSource.count(dir.resolve("tcp"), SocketFilter.all()))
                .isInstanceOf(TcpdoctorException.class)
                .hasMessage("cannot read " + dir.resolve("tcp") + ": no such file");
    }

    @Test
    void aDirectoryInPlaceOfTheFileIsAClearError() throws Exception {
        Files.createDirectory(dir.resolve("tcp"));
        assertThatThrownBy(() -> ProcSource.count(dir.resolve("tcp"), SocketFilter.all()))
                .isInstanceOf(TcpdoctorException.class)
                .hasMessageStartingWith("cannot read " + dir.resolve("tcp") + ": ");
    }
}
