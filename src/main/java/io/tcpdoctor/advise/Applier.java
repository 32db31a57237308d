package io.tcpdoctor.advise;

import io.tcpdoctor.collect.SysctlConf;
import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.collect.Sysctls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tune --apply} and {@code --rollback}: saves the previous values to a backup, sets the new ones, and
 * writes the drop-in so they survive a reboot. If any value cannot be set, the ones already set are restored
 * and nothing is written. The backup is a plain {@code key = value} file (readable, and loadable with
 * {@code sysctl -p} by hand).
 */
public final class Applier {
    /** Where --apply writes the drop-in. */
    public static final Path DEFAULT_DROPIN_DIR = Path.of("/etc/sysctl.d");
    /** Where the previous values are kept for --rollback. */
    public static final Path DEFAULT_BACKUP_DIR = Path.of("/var/lib/tcpdoctor");
    /** The drop-in file name: late in the order so it overrides distribution defaults. */
    public static final String DROPIN_NAME = "90-tcpdoctor.conf";
    /** The backup of the values before --apply. */
    public static final String BACKUP_NAME = "sysctl-backup.conf";
    /** The drop-in that existed before --apply, if any. */
    public static final String PREVIOUS_DROPIN_NAME = "90-tcpdoctor.conf.previous";

    private final Sysctls sysctls;
    private final Path dropinDir;
    private final Path backupDir;
    private final String scope;

    /** For the host: values, drop-in and backup. */
    public Applier(Sysctls sysctls, Path dropinDir, Path backupDir) {
        this(sysctls, dropinDir, backupDir, null);
    }

    /**
     * {@code dropinDir} null: set values only (a named network namespace is not configured from sysctl.d at boot).
     * {@code scope} names the namespace so that its backup never mixes with the host's.
     */
    public Applier(Sysctls sysctls, Path dropinDir, Path backupDir, String scope) {
        this.sysctls = sysctls;
        this.dropinDir = dropinDir;
        this.backupDir = backupDir;
        this.scope = scope;
    }

    /** The drop-in path, or null when no drop-in is written. */
    public Path dropin() {
        return dropinDir == null ? null : dropinDir.resolve(DROPIN_NAME);
    }

    /** The backup path. */
    public Path backup() {
        return backupDir.resolve(scope == null ? BACKUP_NAME : "sysctl-backup-netns-" + scope.replace('/', '_') + ".conf");
    }

    private Path previousDropin() {
        return backupDir.resolve(scope == null ? PREVIOUS_DROPIN_NAME : PREVIOUS_DROPIN_NAME + "-netns-" + scope.replace('/', '_'));
    }

    /** What was done. */
    public record Result(List<String> keys, Path dropin, Path backup) {
    }

    /** Sets the changes, after backing up the current values; restores them if any set fails. */
    public Result apply(List<Change> changes, String dropinText) {
        // One run at a time: a second apply must read the first one's backup, not back up its new values.
        try (ApplyLock _ = ApplyLock.take(backupDir)) {
            return applyLocked(changes, dropinText);
        }
    }

    /** The backup of one apply, kept after later applies and rollbacks: the values just before that apply. */
    public Path historyBackup(Instant at) {
        String stamp = STAMP.format(at);
        String base = backup().getFileName().toString().replaceFirst("\\.conf$", "");
        Path p = backupDir.resolve(base + "-" + stamp + ".conf");
        for (int i = 1; Files.exists(p); i++) {
            p = backupDir.resolve(base + "-" + stamp + "-" + i + ".conf");
        }
        return p;
    }

    private static final java.time.format.DateTimeFormatter STAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private Result applyLocked(List<Change> changes, String dropinText) {
        Map<String, String> saved = readBackup();
        boolean hadBackup = !saved.isEmpty();
        if (!hadBackup && dropin() != null && Files.exists(dropin())) {
            copy(dropin(), previousDropin());
        }
        Map<String, String> before = new LinkedHashMap<>();
        for (Change c : changes) {
            String cur = sysctls.get(c.key()).orElseThrow(() -> new TcpdoctorException(ExitCode.UNAVAILABLE,
                    "cannot read " + c.key() + " (" + sysctls.pathOf(c.key()) + "); nothing changed"));
            before.put(c.key(), cur);
            // An older backup keeps the values from before the first --apply: those are what rollback restores.
            saved.putIfAbsent(c.key(), cur);
        }
        Path history = historyBackup(Instant.now());
        writeBackup(history, before, "the values before this 'tcpdoctor tune --apply'",
                "tcpdoctor tune --rollback --backup " + history);
        writeBackup(backup(), saved, "the values before the first 'tcpdoctor tune --apply' since the last rollback",
                "tcpdoctor tune --rollback");
        List<Change> done = new ArrayList<>();
        for (Change c : changes) {
            try {
                sysctls.set(c.key(), c.recommended());
                done.add(c);
            } catch (IOException e) {
                String restored = restore(done, before);
                if (!hadBackup) {
                    deleteQuietly(backup());
                    deleteQuietly(previousDropin());
                }
                deleteQuietly(history);
                throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot set " + c.key() + " = " + c.recommended()
                        + ": " + DropIn.reason(e) + "; " + restored + (dropin() == null ? "" : "; " + dropin() + " not written"), e);
            }
        }
        try {
            if (dropin() != null) {
                DropIn.writeAtomic(dropin(), dropinText);
            }
        } catch (TcpdoctorException e) {
            String restored = restore(done, before);
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, e.getMessage() + "; " + restored, e);
        }
        return new Result(done.stream().map(Change::key).toList(), dropin(), backup());
    }

    /** Restores the backed-up values, puts back (or removes) the drop-in, and deletes the backup. */
    public Result rollback() {
        try (ApplyLock _ = ApplyLock.take(backupDir)) {
            return rollbackLocked();
        }
    }

    /**
     * Restores the values of one named backup (the one an apply kept, {@code sysctl-backup-TIMESTAMP.conf}); the
     * drop-in and the current backup stay as they are.
     */
    public Result rollback(Path named) {
        try (ApplyLock _ = ApplyLock.take(backupDir)) {
            Path file = named.getParent() == null ? backupDir.resolve(named) : named;
            Map<String, String> values = read(file);
            if (values.isEmpty()) {
                throw new TcpdoctorException(ExitCode.UNAVAILABLE, "nothing to restore: " + file + " has no 'key = value' line");
            }
            List<String> failed = new ArrayList<>();
            List<String> restored = setAll(values, failed);
            if (!failed.isEmpty()) {
                throw new TcpdoctorException(ExitCode.UNAVAILABLE, "could not restore " + String.join(", ", failed)
                        + "; restored " + restored.size() + " other value(s) from " + file);
            }
            return new Result(restored, null, file);
        }
    }

    private Result rollbackLocked() {
        Map<String, String> saved = readBackup();
        if (saved.isEmpty()) {
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "nothing to roll back: no backup at " + backup());
        }
        List<String> failed = new ArrayList<>();
        List<String> restored = setAll(saved, failed);
        if (!failed.isEmpty()) {
            // Keep the backup so the user can retry or restore by hand with sysctl -p.
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "could not restore " + String.join(", ", failed)
                    + "; restored " + restored.size() + " other value(s); backup kept at " + backup());
        }
        Path prev = previousDropin();
        try {
            if (dropin() == null) {
                // Values only: no drop-in was written for a namespace.
            } else if (Files.exists(prev)) {
                // Written through a symlink, as the drop-in was on apply: a linked drop-in stays a link.
                DropIn.writeAtomic(dropin(), new String(Files.readAllBytes(prev), StandardCharsets.UTF_8));
                Files.delete(prev);
            } else {
                Files.deleteIfExists(dropin());
            }
            Files.delete(backup());
            SafeFile.syncDirectory(backupDir);
        } catch (IOException e) {
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "values restored, but cannot update " + dropin()
                    + ": " + DropIn.reason(e));
        }
        return new Result(restored, dropin(), backup());
    }

    /** Sets every value it can; returns the keys set and adds "key (why)" to {@code failed} for the others. */
    private List<String> setAll(Map<String, String> values, List<String> failed) {
        List<String> restored = new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            try {
                sysctls.set(e.getKey(), e.getValue());
                restored.add(e.getKey());
            } catch (IOException ex) {
                failed.add(e.getKey() + " (" + DropIn.reason(ex) + ")");
            }
        }
        return restored;
    }

    private String restore(List<Change> done, Map<String, String> before) {
        List<String> failed = new ArrayList<>();
        for (int i = done.size() - 1; i >= 0; i--) {
            String key = done.get(i).key();
            try {
                sysctls.set(key, before.get(key));
            } catch (IOException e) {
                failed.add(key);
            }
        }
        if (done.isEmpty()) {
            return "nothing was changed";
        }
        return failed.isEmpty() ? "restored the " + done.size() + " value(s) already set"
                : "could NOT restore " + String.join(", ", failed) + " (previous values in " + backup() + ")";
    }

    /** The backup's key = value pairs in file order; empty when there is no backup. */
    Map<String, String> readBackup() {
        return Files.exists(backup()) ? read(backup()) : new LinkedHashMap<>();
    }

    /** A backup's key = value pairs in file order. */
    private static Map<String, String> read(Path file) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            SysctlConf.Parsed p = SysctlConf.parse(file.toString(), text);
            for (SysctlConf.Entry e : p.entries()) {
                m.put(e.key(), e.value());
            }
            return m;
        } catch (IOException e) {
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot read backup " + file + ": " + DropIn.reason(e));
        }
    }

    /** Writes a backup durably (fsync of the file and its directory) before any value changes. */
    private static void writeBackup(Path file, Map<String, String> values, String what, String restore) {
        StringBuilder b = new StringBuilder();
        b.append("# tcpdoctor: ").append(what).append(" (").append(Instant.now()).append(")\n");
        b.append("# Restore with: ").append(restore).append("   (or by hand: sysctl -p ").append(file).append(")\n");
        for (Map.Entry<String, String> e : values.entrySet()) {
            b.append(e.getKey()).append(" = ").append(e.getValue()).append('\n');
        }
        DropIn.writeAtomic(file, b.toString());
    }

    private static void copy(Path from, Path to) {
        try {
            DropIn.writeAtomic(to, new String(Files.readAllBytes(from), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot read " + from + ": " + DropIn.reason(e));
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // Leaving a stale backup is harmless: rollback would restore the same values.
        }
    }
}
