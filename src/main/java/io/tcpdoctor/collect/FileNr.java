package io.tcpdoctor.collect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** /proc/sys/fs/file-nr: file handles allocated, allocated but unused, and the system-wide maximum (fs.file-max). */
public record FileNr(long allocated, long unused, long max) {

    /** Reads the running kernel's values; null when unreadable. */
    public static FileNr read(Path procSys) {
        try {
            return parse(ProcFile.read(procSys.resolve("fs/file-nr")));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Parses {@code allocated unused max}.
     *
     * @throws IllegalArgumentException when the text is not three numbers
     */
    public static FileNr parse(String text) {
        List<String> f = Words.of(text);
        if (f.size() != 3) {
            throw new IllegalArgumentException("fs.file-nr: expected 3 numbers, got '" + text.trim() + "'");
        }
        try {
            return new FileNr(Long.parseLong(f.get(0)), Long.parseLong(f.get(1)), Long.parseLong(f.get(2)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fs.file-nr: not a number in '" + text.trim() + "'");
        }
    }

    /** Handles in use (allocated minus unused; unused is 0 on current kernels). */
    public long inUse() {
        return allocated - unused;
    }
}
