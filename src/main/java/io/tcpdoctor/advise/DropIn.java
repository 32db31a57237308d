package io.tcpdoctor.advise;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A commented sysctl.d drop-in, and the atomic file write every tune output uses (temp file + rename). */
public final class DropIn {
    private DropIn() {
    }

    /** The drop-in text: a header, then for each change comments with the observed fact it answers, the reason and the old value, then the line. */
    public static String render(List<Change> changes, String header) {
        StringBuilder b = new StringBuilder();
        for (String h : header.split("\n")) {
            b.append("# ").append(h).append('\n');
        }
        for (Change c : changes) {
            b.append('\n');
            if (c.finding() != null) {
                b.append("# answers ").append(c.finding()).append(": ").append(c.evidenceText().replace("\n", " ")).append('\n');
            }
            b.append("# ").append(c.reason().replace("\n", " ")).append('\n');
            b.append("# (was ").append(c.current()).append(")\n");
            b.append(c.key()).append(" = ").append(c.recommended()).append('\n');
        }
        return b.toString();
    }

    /**
     * Writes a file atomically and durably: readers see the old file or the complete new one, never a partial one.
     * A symlink is written through (it stays a link); anything but a regular file is refused ({@link SafeFile}).
     */
    public static void writeAtomic(Path file, String text) {
        SafeFile.write(file, text);
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
