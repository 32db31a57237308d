package io.tcpdoctor.advise;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.collect.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * The exclusive lock {@code tune --apply} and {@code --rollback} hold while they read the backup, set values and
 * write files: flock(2) on a lock file next to the backup, so that two runs (or a run and an administrator's
 * {@code flock /var/lib/tcpdoctor/tune.lock ...}) never interleave and a second apply never backs up the first
 * one's new values as the "previous" ones. Released on close, and by the kernel if the process dies.
 */
public final class ApplyLock implements AutoCloseable {
    /** The lock file's name in the backup directory. */
    public static final String NAME = "tune.lock";
    /** How long a run waits for another to finish. */
    static final Duration WAIT = Duration.ofSeconds(30);

    private final int fd;

    private ApplyLock(int fd) {
        this.fd = fd;
    }

    /** Takes the lock in {@code dir} (created if needed), waiting up to {@link #WAIT}. */
    public static ApplyLock take(Path dir) {
        Path file = dir.resolve(NAME);
        try {
            Files.createDirectories(dir);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException ignored) {
                // Another run made it: the lock is the flock on it, not its existence.
            }
        } catch (IOException e) {
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot create the lock file " + file + ": " + DropIn.reason(e), e);
        }
        try (Arena arena = Arena.ofConfined()) {
            Libc.Errno e = new Libc.Errno(arena);
            int fd = Libc.open(e, Libc.cString(arena, file.toString()), Libc.O_RDWR | Libc.O_CLOEXEC);
            if (fd < 0) {
                throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot open the lock file " + file + ": " + Libc.describe(e.value()));
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                if (Libc.flock(e, fd, Libc.LOCK_EX | Libc.LOCK_NB) == 0) {
                    return new ApplyLock(fd);
                }
                int err = e.value();
                if (err != Libc.EWOULDBLOCK && err != Libc.EINTR) {
                    Libc.close(e, fd);
                    throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot lock " + file + ": " + Libc.describe(err));
                }
                if (System.nanoTime() > deadline) {
                    Libc.close(e, fd);
                    throw new TcpdoctorException(ExitCode.UNAVAILABLE, "another 'tcpdoctor tune --apply/--rollback' holds "
                            + file + " (waited " + WAIT.toSeconds() + " s); nothing changed");
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    Libc.close(e, fd);
                    throw new TcpdoctorException(ExitCode.UNAVAILABLE, "interrupted while waiting for " + file);
                }
            }
        }
    }

    @Override
    public void close() {
        try (Arena arena = Arena.ofConfined()) {
            Libc.close(new Libc.Errno(arena), fd);
        }
    }
}
