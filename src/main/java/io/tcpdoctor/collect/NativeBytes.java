package io.tcpdoctor.collect;

/**
 * Reads the fields of kernel messages from a byte array: little-endian host fields (the architectures tcpdoctor has
 * system call numbers for, amd64 and aarch64, are little-endian) and big-endian network fields (ports). Plain array
 * reads: cheap in the interpreter, where a short command decodes most of its messages.
 */
final class NativeBytes {
    private NativeBytes() {
    }

    static int u8(byte[] b, int at) {
        return b[at] & 0xff;
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    static int i32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | b[at + 3] << 24;
    }

    static long u32(byte[] b, int at) {
        return i32(b, at) & 0xffffffffL;
    }

    /** A 16-bit field in network byte order (a port). */
    static int u16be(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }
}
