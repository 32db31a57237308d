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
        String n = names().get(uid);
        return n != null ? n : Integer.toString(uid);
    }
}
