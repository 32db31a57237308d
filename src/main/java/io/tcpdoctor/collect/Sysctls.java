package io.tcpdoctor.collect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads sysctl values from /proc/sys by their dotted names ({@code net.ipv4.tcp_tw_reuse}). net.* values
 * are per network namespace: read them from a thread inside the namespace (see {@link Netns}).
 */
public final class Sysctls {
    private final Path root;

    /** Reads the running kernel's values. */
    public Sysctls() {
        this(Path.of("/proc/sys"));
    }

    /** Reads from another tree laid out like /proc/sys (tests, saved copies). */
    public Sysctls(Path root) {
        this.root = root;
    }

    /** The file behind a dotted key. */
    public Path pathOf(String key) {
        return root.resolve(key.replace('.', '/'));
    }

    /** True when this kernel has the knob. */
    public boolean exists(String key) {
        return Files.isRegularFile(pathOf(key));
    }

    /** The value with whitespace runs folded to single spaces (multi-value knobs like the port range). */
    public Optional<String> get(String key) {
        try {
            return Optional.of(Words.folded(ProcFile.read(pathOf(key))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A single integer value. */
    public Optional<Long> getLong(String key) {
        return get(key).flatMap(v -> {
            try {
                return Optional.of(Long.parseLong(v.split(" ")[0]));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** All integers of a multi-value knob ({@code ip_local_port_range} gives two). */
    public Optional<long[]> getLongs(String key) {
        return get(key).flatMap(v -> {
            try {
                String[] parts = v.isEmpty() ? new String[0] : v.split(" ");
                long[] out = new long[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    out[i] = Long.parseLong(parts[i]);
                }
                return Optional.of(out);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** Writes a value (only ever called for an explicit user request such as tune --apply). */
    public void set(String key, String value) throws IOException {
        Files.writeString(pathOf(key), value + "\n", StandardCharsets.UTF_8);
    }
}
