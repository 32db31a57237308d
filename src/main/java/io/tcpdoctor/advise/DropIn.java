package io.tcpdoctor.advise;

import io.tcpdoctor.ExitCode;
import io.tcpdoctor.TcpdoctorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** A commented sysctl.d drop-in, and the atomic file write every tune output uses (temp file + rename). */
public final class DropIn {
    private DropIn() {
    }

    /** The drop-in text: a header, then for each change a comment with the old value and reason, then the line. */
    public static String render(List<Change> changes, String header) {
        StringBuilder b = new StringBuilder();
        for (String h : header.split("\n")) {
            b.append("# ").append(h).append('\n');
        }
        for (Change c : changes) {
            b.append('\n');
            b.append("# ").append(c.reason().replace("\n", " ")).append('\n');
            b.append("# (was ").append(c.current()).append(")\n");
            b.append(c.key()).append(" = ").append(c.recommended()).append('\n');
        }
        return b.toString();
    }

    /** Writes a file atomically: readers see the old file or the complete new one, never a partial one. */
    public static void writeAtomic(Path file, String text) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: keep the default permissions.
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot write " + file + ": " + reason(e), e);
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

    /** A short reason for an I/O error (the exception class when there is no message). */
    public static String reason(IOException e) {
        String m = e.getMessage();
        String cls = e.getClass().getSimpleName();
        if (m == null) {
            return cls;
        }
        return switch (cls) {
            case "AccessDeniedException" -> "permission denied (" + m + ")";
            case "NoSuchFileException" -> "no such file (" + m + ")";
            default -> m;
        };
    }
}
