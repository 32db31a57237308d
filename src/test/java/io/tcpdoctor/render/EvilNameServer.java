package io.tcpdoctor.render;

import io.tcpdoctor.lab.LeakyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child process that names itself with terminal control characters (as any local user can, through
 * /proc/self/comm or prctl(PR_SET_NAME)), then runs the lab's {@link LeakyServer}: it accepts and never closes,
 * so every connection the test makes and closes stays in CLOSE_WAIT here.
 * Args: port, backlog. Prints {@code READY port}; exits when stdin closes or after 60 s.
 */
public final class EvilNameServer {
    /** ESC [2J (clear screen), a line feed and BEL: 9 bytes, within comm's 15. */
    public static final String NAME = "a\033[2Jb\nc\007";

    private EvilNameServer() {
    }

    public static void main(String[] args) throws Exception {
        Files.writeString(Path.of("/proc/self/comm"), NAME, StandardCharsets.ISO_8859_1);
        LeakyServer.main(new String[] {args[0], args[1], "60000"});
    }
}
