package io.tcpdoctor.render;

import io.tcpdoctor.diagnose.CloseWaitLeaker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child process that names itself with terminal control characters (as any local user can, through
 * /proc/self/comm or prctl(PR_SET_NAME)), then holds CLOSE_WAIT sockets as {@link CloseWaitLeaker} does.
 * Args: port, count. Prints {@code READY pid}; exits when stdin closes or after 60 s.
 */
public final class EvilNameServer {
    /** ESC [2J (clear screen), a line feed and BEL: 9 bytes, within comm's 15. */
    public static final String NAME = "a\033[2Jb\nc\007";

    private EvilNameServer() {
    }

    public static void main(String[] args) throws Exception {
        Files.writeString(Path.of("/proc/self/comm"), NAME, StandardCharsets.ISO_8859_1);
        CloseWaitLeaker.main(args);
    }
}
