package io.tcpdoctor.collect;

import java.io.IOException;
import java.nio.file.Path;

/** A Linux kernel release such as {@code 6.18.44-fc}, compared by its numeric major.minor.patch. */
public record KernelVersion(int major, int minor, int patch, String release) implements Comparable<KernelVersion> {

    /** The running kernel (from /proc/sys/kernel/osrelease). */
    public static KernelVersion running() {
        try {
            return parse(ProcFile.read(Path.of("/proc/sys/kernel/osrelease")).trim());
        } catch (IOException e) {
            return parse(System.getProperty("os.version", "0.0.0"));
        }
    }

    /** Parses a release string; missing parts are 0. */
    public static KernelVersion parse(String release) {
        int[] n = new int[3];
        int part = 0;
        int i = 0;
        while (i < release.length() && part < 3) {
            char c = release.charAt(i);
            if (Character.isDigit(c)) {
                n[part] = n[part] * 10 + (c - '0');
            } else if (c == '.') {
                part++;
            } else {
                break;
            }
            i++;
        }
        return new KernelVersion(n[0], n[1], n[2], release);
    }

    /** True when this kernel is at least major.minor. */
    public boolean atLeast(int maj, int min) {
        return major > maj || (major == maj && minor >= min);
    }

    @Override
    public int compareTo(KernelVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return release;
    }
}
