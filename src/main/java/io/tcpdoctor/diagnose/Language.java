package io.tcpdoctor.diagnose;

import io.tcpdoctor.model.Owner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The language a process is written in, where it can be told: from its command name (java, python3, node), or for
 * a live process from its executable, whose ELF section names include {@code .go.buildinfo} when Go built it. Code
 * remedies pick their example in this language ({@code action.NAME.example.LANG}).
 */
public enum Language {
    JAVA, PYTHON, NODE, GO, UNKNOWN;

    /** The suffix of the example keys: {@code java}, {@code python}, {@code node}, {@code go}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The language of a socket owner; {@code live} allows reading /proc/PID/exe of the running process. */
    public static Language of(Owner owner, boolean live) {
        if (owner == null || owner.name() == null) {
            return UNKNOWN;
        }
        String n = owner.name().toLowerCase(Locale.ROOT);
        if (n.equals("java") || n.equals("javaw") || n.startsWith("java ")) {
            return JAVA;
        }
        if (n.startsWith("python") || n.equals("gunicorn") || n.equals("uwsgi") || n.equals("celery") || n.equals("uvicorn")) {
            return PYTHON;
        }
        if (n.equals("node") || n.equals("nodejs") || n.startsWith("node-") || n.equals("npm")) {
            return NODE;
        }
        if (live && owner.pid() > 0 && builtByGo(Path.of("/proc", Integer.toString(owner.pid()), "exe"))) {
            return GO;
        }
        return UNKNOWN;
    }

    /** True when an ELF64 little-endian file has a {@code .go.buildinfo} section (written by the Go linker). */
    static boolean builtByGo(Path exe) {
        try (FileChannel ch = FileChannel.open(exe)) {
            ByteBuffer h = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
            if (ch.read(h, 0) < 64 || h.getInt(0) != 0x464c457f || h.get(4) != 2 || h.get(5) != 1) {
                return false;
            }
            long shoff = h.getLong(0x28);
            int shentsize = Short.toUnsignedInt(h.getShort(0x3a));
            int shnum = Short.toUnsignedInt(h.getShort(0x3c));
            int shstrndx = Short.toUnsignedInt(h.getShort(0x3e));
            if (shoff <= 0 || shentsize < 64 || shnum == 0 || shnum > 4096 || shstrndx >= shnum) {
                return false;
            }
            ByteBuffer sh = ByteBuffer.allocate(shentsize).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(sh, shoff + (long) shstrndx * shentsize);
            long strOff = sh.getLong(0x18);
            long strSize = Math.min(sh.getLong(0x20), 1 << 16);
            ByteBuffer names = ByteBuffer.allocate((int) Math.max(0, strSize));
            ch.read(names, strOff);
            String all = new String(names.array(), 0, names.position(), StandardCharsets.ISO_8859_1);
            return all.contains(".go.buildinfo");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
