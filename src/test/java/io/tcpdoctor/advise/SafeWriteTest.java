package io.tcpdoctor.advise;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.testing.Cli;
import io.tcpdoctor.testing.TestNetns;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tune --write replaces only regular files: symlinks are written through, FIFOs and device nodes refused. */
class SafeWriteTest {
    @TempDir
    Path tmp;

    @Test
    void aSymlinkIsWrittenThroughAndStaysALink() throws Exception {
        Path real = tmp.resolve("real/99-sysctl.conf");
        Files.createDirectories(real.getParent());
        Files.writeString(real, "# old\n");
        Path link = tmp.resolve("99-sysctl.conf");
        Files.createSymbolicLink(link, Path.of("real/99-sysctl.conf"));
        Cli.Result r = Cli.run("tune", "--role", "client", "--write", link.toString(), "--lang", "en");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("real/99-sysctl.conf"));
        assertThat(Files.readString(real)).startsWith("# tcpdoctor tune: settings for a client");
        // A dangling link creates its target, and still stays a link.
        Path dangling = tmp.resolve("dangling.conf");
        Files.createSymbolicLink(dangling, tmp.resolve("real/new.conf"));
        assertThat(Cli.run("tune", "--role", "client", "--write", dangling.toString()).code()).isZero();
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
        assertThat(Files.readString(tmp.resolve("real/new.conf"))).startsWith("# tcpdoctor tune");
        // A chain of links ends at the same regular file.
        Path chain = tmp.resolve("chain.conf");
        Files.createSymbolicLink(chain, link);
        assertThat(Cli.run("tune", "--role", "client", "--write", chain.toString()).code()).isZero();
        assertThat(Files.isSymbolicLink(chain) && Files.isSymbolicLink(link)).isTrue();
        // A loop is refused with one line.
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        Cli.Result loop = Cli.run("tune", "--role", "client", "--write", a.toString());
        assertThat(loop.code()).isEqualTo(2);
        assertThat(loop.err()).contains("too many levels of symbolic links").hasLineCount(1);
    }

    @Test
    void aFifoIsRefusedBeforeAnyWrite() throws Exception {
        Path fifo = tmp.resolve("pipe.conf");
        TestNetns.exec("mkfifo", fifo.toString());
        Cli.Result r = Cli.run("tune", "--role", "client", "--write", fifo.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("refusing to write " + fifo).contains("a FIFO").hasLineCount(1);
        assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.getAttribute(fifo, "unix:mode", LinkOption.NOFOLLOW_LINKS)).matches(m -> ((Integer) m & 0170000) == 0010000);
        // A symlink to the FIFO is refused too, naming where it points.
        Path link = tmp.resolve("link.conf");
        Files.createSymbolicLink(link, fifo);
        Cli.Result l = Cli.run("tune", "--role", "client", "--write", link.toString());
        assertThat(l.code()).isEqualTo(2);
        assertThat(l.err()).contains("-> " + fifo);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.list(tmp)).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void aDeviceNodeAndADirectoryAreRefused() throws Exception {
        // A device node made in the test's own directory (root: CI runs as root); /dev is never touched.
        Path dev = tmp.resolve("null");
        Process p = new ProcessBuilder("mknod", dev.toString(), "c", "1", "3").redirectErrorStream(true).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        Cli.Result r = Cli.run("tune", "--role", "client", "--write", dev.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("a character device").hasLineCount(1);
        assertThat(Files.getAttribute(dev, "unix:mode", LinkOption.NOFOLLOW_LINKS)).matches(m -> ((Integer) m & 0170000) == 0020000);
        Path dir = Files.createDirectories(tmp.resolve("d.conf"));
        Cli.Result d = Cli.run("tune", "--role", "client", "--write", dir.toString());
        assertThat(d.code()).isEqualTo(2);
        assertThat(d.err()).contains("a directory");
        assertThat(Files.isDirectory(dir)).isTrue();
    }

    @Test
    void dashIsStandardOutput() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        boolean before = Files.exists(cwd.resolve("-"));
        Cli.Result r = Cli.run("tune", "--role", "client", "--write", "-", "--lang", "en");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("# tcpdoctor tune: settings for a client").doesNotContain("Wrote");
        assertThat(Files.exists(cwd.resolve("-"))).isEqualTo(before);
    }
}
