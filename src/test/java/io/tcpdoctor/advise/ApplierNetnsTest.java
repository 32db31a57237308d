package io.tcpdoctor.advise;

import io.tcpdoctor.sysctl.KnobCatalogue;
import io.tcpdoctor.testing.TestNetns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpdoctor.TcpdoctorException;
import io.tcpdoctor.collect.Netns;
import io.tcpdoctor.collect.Sysctls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --apply and --rollback for real: net.* sysctls inside a namespace this test creates, config in temp dirs. */
class ApplierNetnsTest {
    @TempDir
    Path tmp;

    TestNetns ns;
    String hostReuse;
    String hostSynRetries;

    @BeforeEach
    void create() {
        hostReuse = TestNetns.exec("sysctl", "-n", KnobCatalogue.TW_REUSE).strip();
        hostSynRetries = TestNetns.exec("sysctl", "-n", KnobCatalogue.SYN_RETRIES).strip();
        ns = TestNetns.create("td-advice");
        ns.setSysctl(KnobCatalogue.TW_REUSE, "2");
        ns.setSysctl(KnobCatalogue.SYN_RETRIES, "2");
        ns.setSysctl(KnobCatalogue.KEEPALIVE_PROBES, "9");
    }

    @AfterEach
    void delete() {
        ns.close();
        // The host (init namespace) must never be touched.
        assertThat(TestNetns.exec("sysctl", "-n", KnobCatalogue.TW_REUSE).strip()).isEqualTo(hostReuse);
        assertThat(TestNetns.exec("sysctl", "-n", KnobCatalogue.SYN_RETRIES).strip()).isEqualTo(hostSynRetries);
    }

    private Applier applier() {
        return new Applier(new Sysctls(), tmp.resolve("sysctl.d"), tmp.resolve("backup"));
    }

    @Test
    void applyThenRollbackInsideANamespace() throws Exception {
        List<Change> changes = List.of(new Change(KnobCatalogue.TW_REUSE, "2", "1", "outgoing"),
                new Change(KnobCatalogue.SYN_RETRIES, "2", "6", "risky"),
                new Change(KnobCatalogue.PORT_RANGE, "32768 60999", "15000 65000", "wider"));
        Applier.Result r;
        try (Netns _ = Netns.enter(ns.name())) {
            r = applier().apply(changes, DropIn.render(changes, "test header"));
        }
        assertThat(ns.sysctl(KnobCatalogue.TW_REUSE)).isEqualTo("1");
        assertThat(ns.sysctl(KnobCatalogue.SYN_RETRIES)).isEqualTo("6");
        assertThat(ns.sysctl(KnobCatalogue.PORT_RANGE)).isEqualTo("15000 65000");
        assertThat(r.keys()).hasSize(3);
        String dropin = Files.readString(tmp.resolve("sysctl.d/90-tcpdoctor.conf"));
        assertThat(dropin).contains("net.ipv4.tcp_tw_reuse = 1").contains("# test header").contains("(was 2)");
        String backup = Files.readString(tmp.resolve("backup/sysctl-backup.conf"));
        assertThat(backup).contains("net.ipv4.tcp_tw_reuse = 2").contains("net.ipv4.tcp_syn_retries = 2")
                .contains("net.ipv4.ip_local_port_range = 32768 60999");
        // A second apply keeps the original values as what rollback restores.
        List<Change> again = List.of(new Change(KnobCatalogue.TW_REUSE, "1", "0", "x"));
        try (Netns _ = Netns.enter(ns.name())) {
            applier().apply(again, DropIn.render(again, "h"));
        }
        assertThat(ns.sysctl(KnobCatalogue.TW_REUSE)).isEqualTo("0");
        try (Netns _ = Netns.enter(ns.name())) {
            applier().rollback();
        }
        assertThat(ns.sysctl(KnobCatalogue.TW_REUSE)).isEqualTo("2");
        assertThat(ns.sysctl(KnobCatalogue.SYN_RETRIES)).isEqualTo("2");
        assertThat(ns.sysctl(KnobCatalogue.PORT_RANGE)).isEqualTo("32768 60999");
        assertThat(tmp.resolve("sysctl.d/90-tcpdoctor.conf")).doesNotExist();
        assertThat(tmp.resolve("backup/sysctl-backup.conf")).doesNotExist();
        try (Netns _ = Netns.enter(ns.name())) {
            assertThatThrownBy(() -> applier().rollback()).isInstanceOf(TcpdoctorException.class)
                    .hasMessageContaining("nothing to roll back");
        }
    }

    @Test
    void aFailingSetRestoresTheValuesAlreadySet() throws Exception {
        // tcp_syn_retries accepts at most 127: the kernel rejects 500 with EINVAL after two values were set.
        List<Change> changes = List.of(new Change(KnobCatalogue.TW_REUSE, "2", "1", "a"),
                new Change(KnobCatalogue.KEEPALIVE_PROBES, "9", "5", "b"),
                new Change(KnobCatalogue.SYN_RETRIES, "2", "500", "c"));
        Path previous = tmp.resolve("sysctl.d/90-tcpdoctor.conf");
        Files.createDirectories(previous.getParent());
        Files.writeString(previous, "# an older drop-in\n");
        try (Netns _ = Netns.enter(ns.name())) {
            assertThatThrownBy(() -> applier().apply(changes, "x"))
                    .isInstanceOf(TcpdoctorException.class)
                    .hasMessageContaining("cannot set net.ipv4.tcp_syn_retries = 500")
                    .hasMessageContaining("restored the 2 value(s) already set")
                    .hasMessageContaining("not written");
        }
        assertThat(ns.sysctl(KnobCatalogue.TW_REUSE)).isEqualTo("2");
        assertThat(ns.sysctl(KnobCatalogue.KEEPALIVE_PROBES)).isEqualTo("9");
        assertThat(ns.sysctl(KnobCatalogue.SYN_RETRIES)).isEqualTo("2");
        assertThat(Files.readString(previous)).isEqualTo("# an older drop-in\n");
        assertThat(tmp.resolve("backup/sysctl-backup.conf")).doesNotExist();
    }

    @Test
    void rollbackRestoresAnEarlierDropIn() throws Exception {
        Path dropin = tmp.resolve("sysctl.d/90-tcpdoctor.conf");
        Files.createDirectories(dropin.getParent());
        Files.writeString(dropin, "# mine\nnet.ipv4.tcp_syn_retries = 2\n");
        List<Change> changes = List.of(new Change(KnobCatalogue.SYN_RETRIES, "2", "6", "r"));
        try (Netns _ = Netns.enter(ns.name())) {
            applier().apply(changes, DropIn.render(changes, "new"));
        }
        assertThat(Files.readString(dropin)).contains("net.ipv4.tcp_syn_retries = 6");
        try (Netns _ = Netns.enter(ns.name())) {
            applier().rollback();
        }
        assertThat(Files.readString(dropin)).isEqualTo("# mine\nnet.ipv4.tcp_syn_retries = 2\n");
        assertThat(ns.sysctl(KnobCatalogue.SYN_RETRIES)).isEqualTo("2");
    }
}
