package io.tcpdoctor.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.model.SocketFilter;
import io.tcpdoctor.model.SocketRecord;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
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
    void recordsOfEveryRowOfAStreamLargerThanOneRead() throws Exception {
        StringBuilder text = new StringBuilder(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
        List<SocketRecord> expected = new ArrayList<>();
        // More than the 64 KB read buffer, so rows are split across reads; a damaged row is skipped; the last row
        // has no newline.
        String[] rows = {ProcNetTcpTest.TW4, ProcNetTcpTest.LISTEN4, ProcNetTcpTest.CW6, ProcNetTcpTest.EST6};
        for (int i = 0; i < 1500; i++) {
            String row = rows[i % rows.length];
            text.append(row).append('\n');
            expected.add(ProcNetTcp.parse(row, null));
            if (i == 700) {
                text.append("   9: 0100007F:0CEA 00000000:0000 ZZ 0\n");
            }
        }
        text.append(ProcNetTcpTest.EST6);
        expected.add(ProcNetTcp.parse(ProcNetTcpTest.EST6, null));
        byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(bytes.length).isGreaterThan(1 << 16);

        List<SocketRecord> got = new ArrayList<>();
        ProcSource.rows(new ByteArrayInputStream(bytes), SocketFilter.all(), null, got::add);
        assertThat(got).isEqualTo(expected);
        // The same from the whole text at once (a small table's path).
        List<SocketRecord> whole = new ArrayList<>();
        ProcSource.rows(bytes, SocketFilter.all(), null, whole::add);
        assertThat(whole).isEqualTo(expected);
        // Only the filter's states.
        List<SocketRecord> tw = new ArrayList<>();
        ProcSource.rows(bytes, SocketFilter.all().withStates(java.util.EnumSet.of(TcpState.TIME_WAIT)), null, tw::add);
        assertThat(tw).hasSize(375).allMatch(r -> r.state() == TcpState.TIME_WAIT);
    }

    @Test
    void aRowLongerThanTheReadBufferIsStillOneRow() throws Exception {
        String row = ProcNetTcpTest.LISTEN4 + " " + "0".repeat(70_000);
        List<SocketRecord> got = new ArrayList<>();
        ProcSource.rows(new ByteArrayInputStream((row + "\n" + ProcNetTcpTest.TW4 + "\n").getBytes()),
                SocketFilter.all(), null, got::add);
        assertThat(got).containsExactly(ProcNetTcp.parse(row, null), ProcNetTcp.parse(ProcNetTcpTest.TW4, null));
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
