package io.tcpdoctor.advise;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Durable, atomic replacement of a configuration file that never replaces anything but a regular file: a
 * symlink is followed to its final target (the link itself stays a link, as Debian's
 * {@code /etc/sysctl.d/99-sysctl.conf} must), and a device node, FIFO, socket or directory is refused before
 * anything is written. The new content is fsynced, renamed over the target, and the directory fsynced, so a
 * crash leaves the old file or the complete new one.
 */
public final class SafeFile {
    /** Linux's own limit on symlinks followed in one lookup (ELOOP). */
    private static final int MAX_LINKS = 40;

    private SafeFile() {
    }

    /**
     * The file a write to {@code file} must replace: the final target of a symlink chain (which may not exist
     * yet), or {@code file} itself. Throws a usage error when that target exists and is not a regular file.
     */
    public static Path target(Path file) {
        Path p = file.toAbsolutePath();
        try {
            for (int i = 0; Files.isSymbolicLink(p); i++) {
                if (i == MAX_LINKS) {
                    throw new TcpdoctorException(ExitCode.USAGE, "cannot write " + file + ": too many levels of symbolic links");
                }
                Path link = Files.readSymbolicLink(p);
                Path dir = p.getParent();
                // The link's directory may itself be reached through links: resolve it first so '..' in the
                // target means what the kernel would make of it.
                p = (Files.isDirectory(dir) ? dir.toRealPath() : dir).resolve(link);
            }
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                String kind = kind(p);
                if (kind != null) {
                    throw new TcpdoctorException(ExitCode.USAGE, "refusing to write " + file
                            + (p.equals(file.toAbsolutePath()) ? "" : " (-> " + p + ")") + ": it is " + kind
                            + ", not a regular file; name a regular file, or '-' for standard output");
                }
            }
            return p;
        } catch (IOException e) {
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot write " + file + ": " + DropIn.reason(e), e);
        }
    }

    /** What a non-regular file is, in words ("a FIFO"); null for a regular file. */
    static String kind(Path p) throws IOException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? null : "not a regular file";
        }
        return switch (mode & 0170000) {
            case 0100000 -> null;
            case 0040000 -> "a directory";
            case 0020000 -> "a character device";
            case 0060000 -> "a block device";
            case 0010000 -> "a FIFO (named pipe)";
            case 0140000 -> "a socket";
            default -> "not a regular file";
        };
    }

    /** Replaces {@code file} (or its symlink's target) with {@code text}, atomically and durably. */
    public static void write(Path file, String text) {
        Path target = target(file);
        Path dir = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: keep the default permissions.
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            // Checked again just before the rename: the target may have changed since the first look.
            target(file);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot write " + file + ": " + DropIn.reason(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // Best effort: the temp file is hidden and harmless.
                }
            }
        }
    }

    /** Makes a rename or delete in {@code dir} durable (Linux allows fsync on a directory opened read-only). */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse fsync on a directory; the rename itself is still atomic there.
            if (!(e.getMessage() != null && e.getMessage().contains("Invalid argument"))) {
                throw e;
            }
        }
    }
}
