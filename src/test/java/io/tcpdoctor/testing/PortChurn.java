package io.tcpdoctor.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * A child process that opens and closes connections to its own listener at a steady rate, the client closing
 * first so each connection leaves a TIME_WAIT socket holding an ephemeral port. Prints {@code READY pid}, then
 * {@code EXHAUSTED n} when connect() fails (no free port); stops after {@code maxSeconds} or on failure, and holds
 * its sockets until its standard input closes or 60 s pass. Arguments: address port perSecond maxSeconds.
 */
public final class PortChurn {
    private PortChurn() {
    }

    public static void main(String[] args) throws Exception {
        InetAddress addr = InetAddress.getByName(args[0]);
        int port = Integer.parseInt(args[1]);
        double perSecond = Double.parseDouble(args[2]);
        long maxSeconds = Long.parseLong(args[3]);
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(addr, port), 128);
            server.setSoTimeout(2000);
            System.out.println("READY " + ProcessHandle.current().pid());
            System.out.flush();
            long period = (long) (1e9 / perSecond);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
            long next = System.nanoTime();
            long made = 0;
            while (System.nanoTime() < end) {
                try {
                    Socket c = new Socket();
                    c.connect(new InetSocketAddress(addr, port), 2000);
                    try (Socket s = server.accept()) {
                        c.close();
                        s.setSoTimeout(2000);
                        s.getInputStream().read();
                    }
                    made++;
                } catch (IOException e) {
                    System.out.println("EXHAUSTED " + made + " " + e.getMessage());
                    System.out.flush();
                    break;
                }
                next += period;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            System.out.println("DONE " + made);
            System.out.flush();
            Thread hold = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // hold until EOF
                    }
                } catch (IOException ignored) {
                    // parent went away
                }
            });
            hold.setDaemon(true);
            hold.start();
            hold.join(60_000);
        }
    }
}
