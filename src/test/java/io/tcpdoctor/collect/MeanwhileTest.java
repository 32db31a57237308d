package io.tcpdoctor.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SnapshotProvider;
import io.tcpdoctor.model.SocketFilter;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.testing.Loopback;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The work a caller hands to {@link LiveSnapshots#take(SocketFilter, SnapshotProvider.Needs, Runnable)} (the host's
 * counters, read while the owner scan goes on) runs once, on the calling thread, after the table was read, on every
 * path: counts from /proc or netlink, records from /proc or netlink, with and without owners.
 */
class MeanwhileTest {
    private static final long PID = ProcessHandle.current().pid();

    /** Runs once per take; opens a listener, which the table, read before, must not hold. */
    private static final class Late implements Runnable, AutoCloseable {
        final List<Thread> ranOn = new ArrayList<>();
        ServerSocket listener;

        @Override
        public void run() {
            ranOn.add(Thread.currentThread());
            try {
                listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws Exception {
            if (listener != null) {
                listener.close();
            }
        }
    }

    private static Snapshot take(LiveSnapshots live, SnapshotProvider.Needs needs, Late late) {
        Snapshot s = live.take(SocketFilter.all(), needs, late);
        assertThat(late.ranOn).as("meanwhile ran once, on the caller's thread").containsExactly(Thread.currentThread());
        return s;
    }

    private static void assertReadBefore(Snapshot s, Late late) {
        int port = late.listener.getLocalPort();
        assertThat(s.sockets()).as("the listener meanwhile opened, after the table was read")
                .noneMatch(r -> r.local().port() == port);
    }

    @Test
    void countsFromEitherSource() throws Exception {
        try (Loopback lo = new Loopback()) {
            lo.established();
            for (LiveSnapshots.Kind kind : new LiveSnapshots.Kind[] {LiveSnapshots.Kind.AUTO, LiveSnapshots.Kind.NETLINK,
                    LiveSnapshots.Kind.PROC}) {
                try (Late late = new Late()) {
                    Snapshot s = take(new LiveSnapshots(kind, null), SnapshotProvider.Needs.COUNTS, late);
                    assertThat(s.counts().total()).as(kind.name()).isGreaterThanOrEqualTo(3);
                }
            }
        }
    }

    @Test
    void recordsWithOwnersFromEitherSource() throws Exception {
        try (Loopback lo = new Loopback()) {
            Socket[] pair = lo.established();
            int port = pair[0].getLocalPort();
            SnapshotProvider.Needs[] needs = {
                new SnapshotProvider.Needs(true, false, false, true), // /proc when the table is small and quiet
                new SnapshotProvider.Needs(true, true, false, false), // netlink, tcp_info
                SnapshotProvider.Needs.RECORDS, // no owner scan
            };
            for (SnapshotProvider.Needs n : needs) {
                for (LiveSnapshots.Kind kind : new LiveSnapshots.Kind[] {LiveSnapshots.Kind.AUTO,
                        LiveSnapshots.Kind.PROC}) {
                    try (Late late = new Late()) {
                        Snapshot s = take(new LiveSnapshots(kind, null), n, late);
                        assertReadBefore(s, late);
                        List<SocketRecord> client = s.sockets().stream()
                                .filter(r -> r.local().port() == port).toList();
                        assertThat(client).as(kind + " " + n).hasSize(1);
                        if (n.owners()) {
                            assertThat(client.getFirst().owner()).as(kind + " " + n).isNotNull();
                            assertThat(client.getFirst().owner().pid()).isEqualTo((int) PID);
                        }
                    }
                }
            }
        }
    }
}
