package io.tcpdoctor.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The leaking server of {@code lab close-wait --fd-limit}: a child process that accepts and never closes.
 * Prints {@code READY port}, {@code ACCEPTED n}, and {@code EMFILE message} when accept() fails; ends when its
 * standard input closes (the lab ended or was killed) or after the given milliseconds.
 * Args: port backlog maxMillis.
 */
public final class LeakyServer {
    private LeakyServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int backlog = Integer.parseInt(args[1]);
        long maxMs = Long.parseLong(args[2]);
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the lab holds our stdin open while it runs
                }
            } catch (IOException ignored) {
                // parent gone
            }
            Runtime.getRuntime().halt(0);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        Thread timer = new Thread(() -> {
            try {
                Thread.sleep(maxMs);
            } catch (InterruptedException ignored) {
                // ending anyway
            }
            Runtime.getRuntime().halt(0);
        });
        timer.setDaemon(true);
        timer.start();
        List<SocketChannel> leaked = new ArrayList<>();
        ServerSocketChannel s = ServerSocketChannel.open();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
        System.out.println("READY " + ((InetSocketAddress) s.getLocalAddress()).getPort());
        System.out.flush();
        boolean reported = false;
        while (true) {
            try {
                leaked.add(s.accept());
                System.out.println("ACCEPTED " + leaked.size());
                System.out.flush();
            } catch (IOException e) {
                if (!reported) {
                    System.out.println("EMFILE " + e.getMessage() + " (after " + leaked.size() + " connections)");
                    System.out.flush();
                    reported = true;
                }
                Thread.sleep(200);
            }
        }
    }
}
