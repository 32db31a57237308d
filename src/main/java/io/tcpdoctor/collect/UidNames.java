package io.tcpdoctor.collect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * uid to user name from /etc/passwd, read once on the first lookup (a count-only run never needs it);
 * unknown uids stay numeric.
 */
public final class UidNames {
    private final Path passwd;
    private volatile Map<Integer, String> names;
    /**
     * The uid looked up last and its name: the sockets of a table mostly belong to a few users, and a map lookup per
     * socket (a boxed key, its hash) cost {@code list} at 10,000 sockets about 5 ms of its main thread before the
     * compiler caught up. Read and written without a lock by the dumping threads: a record's fields are final, so a
     * thread sees a whole pair or an older one.
     */
    private Last last;

    private record Last(int uid, String name) {
    }

    private UidNames(Path passwd) {
        this.passwd = passwd;
    }

    /** Names from /etc/passwd; an unreadable file gives numeric names only. */
    public static UidNames load() {
        return load(Path.of("/etc/passwd"));
    }

    /** Names from a passwd-format file. */
    public static UidNames load(Path passwd) {
        return new UidNames(passwd);
    }

    private Map<Integer, String> names() {
        Map<Integer, String> m = names;
        if (m == null) {
            synchronized (this) {
                m = names;
                if (m == null) {
                    m = read(passwd);
                    names = m;
                }
            }
        }
        return m;
    }

    private static Map<Integer, String> read(Path passwd) {
        Map<Integer, String> m = new HashMap<>();
        try {
            for (String line : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length >= 3) {
                    try {
                        m.putIfAbsent(Integer.parseInt(f[2]), f[0]);
                    } catch (NumberFormatException ignored) {
                        // A malformed passwd line only loses that name.
                    }
                }
            }
        } catch (IOException ignored) {
            // Names are a convenience; numbers still identify the user.
        }
        return m;
    }

    /** The name for a uid, or the uid as text. */
    public String name(int uid) {
        if (uid < 0) {
            return null;
        }
        Last l = last;
        if (l != null && l.uid == uid) {
            return l.name;
        }
        String n = names().get(uid);
        n = n != null ? n : Integer.toString(uid);
        last = new Last(uid, n);
        return n;
    }
}
