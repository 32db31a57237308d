package io.tcpdoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.model.Owner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The language of a socket owner: from its command name, or from the Go linker's section in its executable. */
class LanguageTest {
    @TempDir
    Path tmp;

    @Test
    void namesTellJavaPythonAndNode() {
        assertThat(Language.of(new Owner(1, "java"), false)).isEqualTo(Language.JAVA);
        assertThat(Language.of(new Owner(1, "python3.11"), false)).isEqualTo(Language.PYTHON);
        assertThat(Language.of(new Owner(1, "gunicorn"), false)).isEqualTo(Language.PYTHON);
        assertThat(Language.of(new Owner(1, "node"), false)).isEqualTo(Language.NODE);
        // Without a live process a Go program cannot be told from its name.
        assertThat(Language.of(new Owner(1, "myservice"), false)).isEqualTo(Language.UNKNOWN);
        assertThat(Language.of(null, true)).isEqualTo(Language.UNKNOWN);
    }

    @Test
    void goExecutablesHaveAGoBuildinfoSection() throws Exception {
        assertThat(Language.builtByGo(elf(tmp.resolve("go-like"), ".go.buildinfo"))).isTrue();
        assertThat(Language.builtByGo(elf(tmp.resolve("c-like"), ".data"))).isFalse();
        // The JDK's own launcher is a C program.
        assertThat(Language.builtByGo(Path.of(System.getProperty("java.home"), "bin", "java"))).isFalse();
        Files.writeString(tmp.resolve("script"), "#!/bin/sh\n");
        assertThat(Language.builtByGo(tmp.resolve("script"))).isFalse();
    }

    /** A minimal ELF64 file with a null section and a section-name table holding {@code name}. */
    private static Path elf(Path file, String name) throws Exception {
        byte[] names = ("\0.shstrtab\0" + name + "\0").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(192 + names.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x464c457f).put(4, (byte) 2).put(5, (byte) 1);
        b.putLong(0x28, 64).putShort(0x3a, (short) 64).putShort(0x3c, (short) 2).putShort(0x3e, (short) 1);
        b.putLong(128 + 0x18, 192).putLong(128 + 0x20, names.length);
        b.put(192, names);
        Files.write(file, b.array());
        return file;
    }
}
