package io.tcpdoctor.render;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process that names itself with terminal control characters (as any local user can, through
 * /proc/self/comm or prctl(PR_SET_NAME)) and then holds sockets: every accepted connection stays in CLOSE_WAIT.
 * Args: port, count. Prints {@code READY pid}; exits when stdin closes or after 60 s.
 */
public final class EvilNameServer {
    /** ESC [2J (clear screen), a line feed and BEL: 9 bytes, within comm's 15. */
    public static final String NAME = "a\033[2Jb\nc\007";

    private EvilNameServer() {
    }

    public static void main(String[] args) throws Exception {
        Files.writeString(Path.of("/proc/self/comm"), NAME, StandardCharsets.ISO_8859_1);
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        List<Socket> held = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(port, count + 16, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < count; i++) {
                try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    held.add(server.accept());
                } catch (IOException e) {
                    System.out.println("FAILED " + e.getMessage());
                    return;
                }
            }
            System.out.println("READY " + ProcessHandle.current().pid() + " " + held.size());
            System.out.flush();
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                if (System.in.available() > 0 && System.in.read() < 0) {
                    break;
                }
                Thread.sleep(100);
            }
        }
    }
}
