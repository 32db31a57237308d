package io.tcpdoctor.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who this process runs as, for the commands that change the system and must say "needs root" first. */
public final class Privileges {
    private Privileges() {
    }

    /** True when the effective user is root (/proc/self belongs to the effective uid). */
    public static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** A value as one shell word: unchanged when it is plain, single-quoted otherwise. */
    public static String shellWord(String s) {
        if (s == null) {
            return "''";
        }
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_.,:/=+@%-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
