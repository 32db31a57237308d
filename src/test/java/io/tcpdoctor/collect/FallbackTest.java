package io.tcpdoctor.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.SnapshotProvider;
import io.tcpdoctor.model.SocketFilter;
import io.tcpdoctor.testing.Loopback;
import java.util.EnumSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A kernel without netlink sock_diag: auto falls back to /proc with a note, an explicit netlink fails clearly. */
class FallbackTest {
    /** Behaves like a kernel that refuses sock_diag requests. */
    static final class NoDiag implements SocketSource {
        @Override
        public String name() {
            return "netlink";
        }

        @Override
        public void scan(SocketFilter filter, boolean withInfo, Consumer<SocketRecord> sink) {
            throw new NetlinkSocket.UnavailableException("kernel refused the sock_diag request: no such file or directory (ENOENT)");
        }
    }

    @Test
    void autoFallsBackToProcAndSaysSo() throws Exception {
        try (Loopback lo = new Loopback()) {
            lo.timeWait();
            LiveSnapshots live = new LiveSnapshots(LiveSnapshots.Kind.AUTO, null, new NoDiag());
            Snapshot s = live.take(SocketFilter.all().withStates(EnumSet.of(TcpState.TIME_WAIT)), SnapshotProvider.Needs.COUNTS);
            assertThat(s.counts().get(TcpState.TIME_WAIT)).isGreaterThanOrEqualTo(1);
            assertThat(live.sourceName()).isEqualTo("proc");
            assertThat(s.warnings()).singleElement().extracting(p -> p.describe()).asString()
                    .contains("netlink sock_diag unavailable").contains("/proc/net/tcp");
        }
    }

    @Test
    void explicitNetlinkFailsWithExitCode3() {
        LiveSnapshots live = new LiveSnapshots(LiveSnapshots.Kind.NETLINK, null, new NoDiag());
        assertThatThrownBy(() -> live.take(SocketFilter.all(), SnapshotProvider.Needs.RECORDS))
                .isInstanceOf(TcpdoctorException.class)
                .hasMessageContaining("sock_diag").hasMessageContaining("--source proc")
                .satisfies(e -> assertThat(((TcpdoctorException) e).exitCode()).isEqualTo(ExitCode.UNAVAILABLE));
    }
}
