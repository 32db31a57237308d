package io.tcpdoctor.collect;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Plain reads of /proc files. They report size 0 and some answer only a read at offset 0 (integer sysctls), so a
 * reader that first probes one byte (as Files.readString does for size-0 files) gets "3" for "32768 60999". Read
 * with java.io: a short run that only reads /proc then never sets up NIO's file channels (a few milliseconds of
 * class initialisation and native library loading, the network library's IPv6 probe among them).
 */
final class ProcFile {
    private ProcFile() {
    }

    /** Opens a file, failing with the same exceptions as {@link Files#newInputStream}. */
    static InputStream open(Path file) throws IOException {
        try {
            return new FileInputStream(file.toString());
        } catch (FileNotFoundException e) {
            // java.io says why only in the message; ask the file system which it was.
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            if (!Files.isReadable(file)) {
                throw new AccessDeniedException(file.toString());
            }
            throw e;
        }
    }

    /** The whole text of a file. */
    static String read(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
