package io.tcpdoctor.advise;

import io.tcpdoctor.sysctl.KnobCatalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.collect.Netns;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.testing.ChildJvm;
import io.tcpdoctor.testing.TestNetns;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tune --apply against itself: a lock, durable kept backups, symlinked drop-ins, and root first. */
class ApplySafetyNetnsTest {
    @TempDir
    Path tmp;

    TestNetns ns;

    @BeforeEach
    void create() {
        ns = TestNetns.create("td-apply");
        ns.setSysctl(KnobCatalogue.TW_REUSE, "2");
        ns.setSysctl(KnobCatalogue.SYN_RETRIES, "2");
        ns.setSysctl(KnobCatalogue.KEEPALIVE_PROBES, "9");
    }

    @AfterEach
    void delete() {
        ns.close();
    }

    private Applier applier() {
        return new Applier(new Sysctls(), tmp.resolve("sysctl.d"), tmp.resolve("backup"));
    }

    @Test
    void concurrentAppliesStillRollBackToTheOriginalValues() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Applier.Result>> runs = List.of(
                        pool.submit(() -> applyIn(go, List.of(new Change(KnobCatalogue.TW_REUSE, "2", "1", "a"),
                                new Change(KnobCatalogue.SYN_RETRIES, "2", "6", "a")))),
                        pool.submit(() -> applyIn(go, List.of(new Change(KnobCatalogue.TW_REUSE, "2", "0", "b"),
                                new Change(KnobCatalogue.KEEPALIVE_PROBES, "9", "5", "b")))));
                go.countDown();
                for (Future<Applier.Result> f : runs) {
                    f.get(60, TimeUnit.SECONDS);
                }
                assertThat(ns.sysctl(KnobCatalogue.SYN_RETRIES)).isEqualTo("6");
                assertThat(ns.sysctl(KnobCatalogue.KEEPALIVE_PROBES)).isEqualTo("5");
                // Whichever ran second, the backup holds the values from before both.
                String backup = Files.readString(tmp.resolve("backup/sysctl-backup.conf"));
                assertThat(backup).contains("net.ipv4.tcp_tw_reuse = 2").contains("net.ipv4.tcp_syn_retries = 2")
                        .contains("net.ipv4.tcp_keepalive_probes = 9");
                try (Netns _ = Netns.enter(ns.name())) {
                    applier().rollback();
                }
                assertThat(ns.sysctl(KnobCatalogue.TW_REUSE)).isEqualTo("2");
                assertThat(ns.sysctl(KnobCatalogue.SYN_RETRIES)).isEqualTo("2");
                assertThat(ns.sysctl(KnobCatalogue.KEEPALIVE_PROBES)).isEqualTo("9");
            }
        } finally {
            pool.shutdownNow();
        }
        // Every apply kept its own backup, after the rollbacks too.
        try (var files = Files.list(tmp.resolve("backup"))) {
            assertThat(files.filter(p -> p.getFileName().toString().matches("sysctl-backup-\\d{8}T\\d{6}\\.\\d{3}Z(-\\d+)?\\.conf")))
                    .hasSize(6);
        }
    }

    private Applier.Result applyIn(CountDownLatch go, List<Change> changes) throws Exception {
        go.await();
        try (Netns _ = Netns.enter(ns.name())) {
            return applier().apply(changes, DropIn.render(changes, "h"));
        }
    }

    @Test
    void anApplyWaitsForTheLockHeldByAnotherProcess() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("backup"));
        Process holder = new ProcessBuilder("flock", "-x", dir.resolve(ApplyLock.NAME).toString(), "-c", "echo locked; sleep 2")
                .redirectErrorStream(true).start();
        try {
            String first = new BufferedReader(new InputStreamReader(holder.getInputStream())).readLine();
            assertThat(first).isEqualTo("locked");
            List<Change> changes = List.of(new Change(KnobCatalogue.SYN_RETRIES, "2", "6", "x"));
            long t0 = System.nanoTime();
            try (Netns _ = Netns.enter(ns.name())) {
                applier().apply(changes, DropIn.render(changes, "h"));
            }
            long waited = (System.nanoTime() - t0) / 1_000_000;
            assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(waited).as("ms the apply waited for flock(1)'s lock").isGreaterThan(1000);
            assertThat(ns.sysctl(KnobCatalogue.SYN_RETRIES)).isEqualTo("6");
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aNamedBackupRestoresTheValuesBeforeThatApply() throws Exception {
        List<Change> first = List.of(new Change(KnobCatalogue.SYN_RETRIES, "2", "4", "x"));
        List<Change> second = List.of(new Change(KnobCatalogue.SYN_RETRIES, "4", "6", "y"));
        try (Netns _ = Netns.enter(ns.name())) {
            applier().apply(first, "a");
            Thread.sleep(5);
            applier().apply(second, "b");
        }
        assertThat(ns.sysctl(KnobCatalogue.SYN_RETRIES)).isEqualTo("6");
        Path latest;
        try (var files = Files.list(tmp.resolve("backup"))) {
            latest = files.filter(p -> p.getFileName().toString().matches("sysctl-backup-\\d{8}T.*\\.conf")).sorted()
                    .reduce((a, b) -> b).orElseThrow();
        }
        try (Netns _ = Netns.enter(ns.name())) {
            applier().rollback(latest.getFileName());
        }
        assertThat(ns.sysctl(KnobCatalogue.SYN_RETRIES)).isEqualTo("4");
        try (Netns _ = Netns.enter(ns.name())) {
            applier().rollback();
        }
        assertThat(ns.sysctl(KnobCatalogue.SYN_RETRIES)).isEqualTo("2");
    }

    @Test
    void aSymlinkedDropInStaysALinkAfterApplyAndRollback() throws Exception {
        Path real = tmp.resolve("etc-real/90-tcpdoctor.conf");
        Files.createDirectories(real.getParent());
        Files.writeString(real, "# admin's own\nnet.ipv4.tcp_syn_retries = 2\n");
        Path link = tmp.resolve("sysctl.d/90-tcpdoctor.conf");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of("../etc-real/90-tcpdoctor.conf"));
        List<Change> changes = List.of(new Change(KnobCatalogue.SYN_RETRIES, "2", "6", "r"));
        try (Netns _ = Netns.enter(ns.name())) {
            applier().apply(changes, DropIn.render(changes, "new"));
        }
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).contains("net.ipv4.tcp_syn_retries = 6");
        try (Netns _ = Netns.enter(ns.name())) {
            applier().rollback();
        }
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("# admin's own\nnet.ipv4.tcp_syn_retries = 2\n");
        assertThat(ns.sysctl(KnobCatalogue.SYN_RETRIES)).isEqualTo("2");
    }

    @Test
    void applyAsNonRootSaysSoBeforeTouchingTheBackupPath() throws Exception {
        // The class path copied where user nobody can read it; the backup directory must never be created.
        Path cp = Files.createDirectories(tmp.resolve("cp"));
        StringBuilder path = new StringBuilder();
        int i = 0;
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path src = Path.of(e);
            if (!Files.exists(src)) {
                continue;
            }
            Path dst = cp.resolve(i++ + "-" + src.getFileName());
            TestNetns.exec("cp", "-r", src.toString(), dst.toString());
            path.append(path.isEmpty() ? "" : ":").append(dst);
        }
        TestNetns.exec("chmod", "-R", "a+rX", tmp.toString());
        Path backup = tmp.resolve("never-created");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String mode : new String[] {"--apply", "--rollback"}) {
            ChildJvm.Result r = ChildJvm.bash("setpriv --reuid=65534 --regid=65534 --clear-groups " + java
                    + " -cp '" + path + "' io.tcpdoctor.Main tune " + mode + " --role client --backup-dir '" + backup
                    + "' --sysctl-dir '" + tmp.resolve("d") + "'", 120);
            assertThat(r.code()).as(r.err()).isEqualTo(3);
            assertThat(r.err()).contains("needs root").hasLineCount(1);
            assertThat(backup).doesNotExist();
            assertThat(tmp.resolve("d")).doesNotExist();
        }
    }
}
