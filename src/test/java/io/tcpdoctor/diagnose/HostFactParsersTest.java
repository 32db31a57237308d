package io.tcpdoctor.diagnose;

import io.tcpdoctor.ports.PortRange;
import io.tcpdoctor.observe.HostFacts;
import io.tcpdoctor.observe.Observation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpdoctor.collect.FileNr;
import io.tcpdoctor.collect.ProcessFiles;
import io.tcpdoctor.collect.SockStat;
import io.tcpdoctor.collect.SysctlFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small readers behind host facts, on real file contents. */
class HostFactParsersTest {

    @Test
    void sockstatKeepsEveryProtocolLine() {
        SockStat s = SockStat.parse("sockets: used 441\nTCP: inuse 12 orphan 3 tw 78 alloc 15 mem 4\nUDP: inuse 0 mem 0\n"
                + "UDPLITE: inuse 0\nRAW: inuse 0\nFRAG: inuse 0 memory 0\n");
        assertThat(s.get("TCP.tw").getAsLong()).isEqualTo(78);
        assertThat(s.get("TCP.orphan").getAsLong()).isEqualTo(3);
        assertThat(s.get("TCP.mem").getAsLong()).isEqualTo(4);
        assertThat(s.get("sockets.used").getAsLong()).isEqualTo(441);
        assertThat(s.get("TCP.nonsense")).isEmpty();
    }

    @Test
    void fileNrIsThreeNumbers() {
        FileNr nr = FileNr.parse("2144\t0\t9223372036854775807\n");
        assertThat(nr.inUse()).isEqualTo(2144);
        assertThat(nr.max()).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> FileNr.parse("2144 0")).hasMessageContaining("expected 3 numbers");
    }

    @Test
    void openFilesLimitFromProcLimits() {
        long[] lim = ProcessFiles.parseOpenFilesLimit(ProcDumps.read("limits-java.txt"));
        assertThat(lim).containsExactly(1024, 524288);
        assertThat(ProcessFiles.parseOpenFilesLimit("Max open files            unlimited            unlimited            files"))
                .containsExactly(ProcessFiles.UNLIMITED, ProcessFiles.UNLIMITED);
        assertThat(ProcessFiles.parseOpenFilesLimit("Max processes 10 10 processes")).containsExactly(-1, -1);
        ProcessFiles pf = new ProcessFiles(1, "x", 1000, 1024, 4096);
        assertThat(pf.headroom()).isEqualTo(24);
        assertThat(new ProcessFiles(1, "x", 1000, ProcessFiles.UNLIMITED, ProcessFiles.UNLIMITED).headroom()).isEqualTo(-1);
    }

    @Test
    void thisProcessHasFdsAndALimit() {
        ProcessFiles me = ProcessFiles.read(Path.of("/proc"), (int) ProcessHandle.current().pid());
        assertThat(me).isNotNull();
        assertThat(me.openFds()).isPositive();
        assertThat(me.softLimit()).isPositive();
        assertThat(ProcessFiles.read(Path.of("/proc"), Integer.MAX_VALUE)).isNull();
    }

    @Test
    void openFdsAreCountedAcrossManyListingBuffers(@TempDir Path proc) throws Exception {
        // A /proc tree of one process with 5,000 descriptors: its listing takes several getdents64 buffers.
        Path fd = Files.createDirectories(proc.resolve("4242/fd"));
        for (int i = 0; i < 5000; i++) {
            Files.createFile(fd.resolve(Integer.toString(i)));
        }
        Files.writeString(proc.resolve("4242/limits"), ProcDumps.read("limits-java.txt"));
        Files.writeString(proc.resolve("4242/comm"), "java\n");
        ProcessFiles pf = ProcessFiles.read(proc, 4242);
        assertThat(pf).isEqualTo(new ProcessFiles(4242, "java", 5000, 1024, 524288));
        Files.delete(fd.resolve("17"));
        assertThat(ProcessFiles.read(proc, 4242).openFds()).isEqualTo(4999);
        assertThat(ProcessFiles.read(proc, 4243)).isNull();
    }

    @Test
    void sysctlDumpAndConfFiles() {
        SysctlFile dump = SysctlFile.parse("dump", ProcDumps.read("app-mysql-per-request.sysctl"));
        assertThat(dump.values()).containsEntry("net.ipv4.ip_local_port_range", "50000 52999")
                .containsEntry("net.ipv4.ip_local_reserved_ports", "").containsEntry("kernel.osrelease", "5.15.0-119-generic");
        assertThat(dump.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(15);
            assertThat(p.describe()).startsWith("dump:15: not a 'key = value' line: sysctl: permission denied");
        });
        SysctlFile conf = SysctlFile.parse("conf", ProcDumps.read("web-server-sysctl.conf"));
        assertThat(conf.values()).containsEntry("net.ipv4.tcp_tw_recycle", "1").containsEntry("net.core.somaxconn", "1024")
                .containsEntry("net.ipv4.ip_local_port_range", "1024 65000").hasSize(7);
        assertThat(conf.problems()).isEmpty();
    }

    @Test
    void portRangeSkipsReservedPorts() {
        PortRange r = new PortRange(32768, 60999, PortRange.parseReserved("8080,40000-40999, 61000-62000"));
        assertThat(r.usable()).isEqualTo(28232 - 1000);
        assertThat(r.contains(40500)).isFalse();
        assertThat(r.contains(41000)).isTrue();
        assertThat(r.contains(8080)).isFalse();
        assertThat(PortRange.DEFAULT.usable()).isEqualTo(28232);
        assertThat(PortRange.parseReserved("")).isEmpty();
        assertThat(PortRange.parseReserved("x,5")).hasSize(1);
    }

    @Test
    void sampledObservationsAreTimedBySnapshot() {
        var snap = ProcDumps.snapshot("web-server.tcp6");
        Observation o = Observation.of(snap, HostFacts.none());
        assertThat(o.at()).isEqualTo(snap.takenAt());
        assertThat(o.host().sysctlLongs("net.ipv4.ip_local_port_range")).isNull();
        HostFacts h = HostFacts.ofSysctls(java.util.Map.of("net.ipv4.ip_local_port_range", "1024 65000", "x", "a b"), "f");
        assertThat(h.sysctlLongs("net.ipv4.ip_local_port_range")).containsExactly(1024, 65000);
        assertThat(h.sysctlLong("x")).isEmpty();
        assertThat(List.of(h.live(), HostFacts.none().live())).containsExactly(false, false);
    }
}
