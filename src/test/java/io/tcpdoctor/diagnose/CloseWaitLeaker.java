package io.tcpdoctor.diagnose;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A leaking server, run as a child process inside a test namespace: it accepts connections and never closes
 * them, while its own client side connects and closes at once. Every accepted socket ends in CLOSE_WAIT.
 * Args: port, count. Prints {@code READY pid} and exits when stdin closes or after 60 s.
 */
public final class CloseWaitLeaker {
    private CloseWaitLeaker() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        List<Socket> leaked = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(port, count + 16, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < count; i++) {
                try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    leaked.add(server.accept());
                } catch (IOException e) {
                    System.out.println("FAILED " + e.getMessage());
                    return;
                }
            }
            System.out.println("READY " + ProcessHandle.current().pid() + " " + leaked.size());
            System.out.flush();
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline && System.in.available() >= 0) {
                if (System.in.available() > 0 && System.in.read() < 0) {
                    break;
                }
                Thread.sleep(100);
            }
        }
    }
}
