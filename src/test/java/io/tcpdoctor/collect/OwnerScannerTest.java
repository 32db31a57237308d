package io.tcpdoctor.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.OwnerStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The owner scan over a /proc-like tree: socket links, other fds, unreadable and vanished processes. */
class OwnerScannerTest {
    @TempDir
    Path proc;

    private void process(int pid, String comm, String... links) throws Exception {
        Path dir = Files.createDirectories(proc.resolve(pid + "/fd"));
        Files.writeString(proc.resolve(pid + "/comm"), comm + "\n");
        for (int i = 0; i < links.length; i++) {
            Files.createSymbolicLink(dir.resolve(Integer.toString(i)), Path.of(links[i]));
        }
    }

    @Test
    void findsOwnersAndCountsWhatItCouldNotRead() throws Exception {
        process(100, "nginx", "socket:[1001]", "/dev/null", "socket:[1002]", "pipe:[55]", "anon_inode:[eventfd]");
        process(200, "java", "socket:[2001]", "socket:[9999]");
        // A process whose fd directory cannot be listed (as for another user's process without root).
        Files.createDirectories(proc.resolve("300"));
        Files.writeString(proc.resolve("300/comm"), "sshd\n");
        Files.createDirectories(proc.resolve("self"));

        OwnerScanner.Result r = new OwnerScanner(proc).scan(Set.of(1001L, 1002L, 2001L, 3001L));
        assertThat(r.owners()).containsEntry(1001L, new Owner(100, "nginx")).containsEntry(1002L, new Owner(100, "nginx"))
                .containsEntry(2001L, new Owner(200, "java")).doesNotContainKey(3001L).doesNotContainKey(9999L);
        assertThat(r.stats().processes()).isEqualTo(2);
        assertThat(r.stats().denied()).isEqualTo(1);
    }

    @Test
    void noteSaysHowManyAndWhy() {
        assertThat(new OwnerStats(10, 0, 0, 0).note()).isNull();
        assertThat(new OwnerStats(10, 3, 1, 7).note())
                .isEqualTo("7 socket(s) with an inode have no owner; 3 process(es) not readable (run as root to see them); "
                        + "1 process(es) exited during the scan");
    }

    @Test
    void theScanBesideTheDumpCountsItsOwnersDescriptors() throws Exception {
        process(100, "nginx", "socket:[1001]", "/dev/null", "pipe:[55]");
        process(200, "java", "socket:[2001]", "socket:[2002]");
        process(300, "cron", "/dev/null", "/dev/null", "/dev/null", "/dev/null");
        // At the places of the inodes asked for: none for 0 (no inode) or for an inode no process holds.
        OwnerScanner.Found r = new OwnerScanner(proc).start(null, true).finish(new long[] {1001, 0, 2001, 1001, 9999});
        assertThat(r.owners()).extracting(o -> o == null ? null : o.pid() + "/" + o.name())
                .containsExactly("100/nginx", null, "200/java", "100/nginx", null);
        // Every descriptor of an owner, not only its sockets; none for a process that owns no wanted socket.
        assertThat(r.stats().openFds()).isEqualTo(Map.of(100, 3, 200, 2));
        assertThat(ProcessFiles.read(proc, 100)).extracting(ProcessFiles::openFds).isEqualTo(3);
    }

    @Test
    void stopsEarlyWhenEverythingIsFound() throws Exception {
        process(100, "a", "socket:[1]");
        process(200, "b", "socket:[2]");
        OwnerScanner.Result r = new OwnerScanner(proc).scan(Set.of(1L));
        assertThat(r.owners()).containsOnlyKeys(1L);
        assertThat(new OwnerScanner(proc).scan(Set.of()).owners()).isEmpty();
    }
}
