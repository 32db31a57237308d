import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark population holder, run inside the benchmark's own network namespace (loopback only).
 *
 * <pre>java Holder.java MODE COUNT ADDRESS TTL_SECONDS</pre>
 * MODE est: COUNT established pairs; cw: COUNT pairs left in CLOSE_WAIT / FIN_WAIT2 (server shut down its
 * sending side); tw: keeps about COUNT sockets in TIME_WAIT by opening and closing COUNT/60 connections per
 * second (TIME_WAIT lasts 60 s). Prints READY when the population stands, holds it until standard input
 * closes or TTL_SECONDS pass, and always ends by itself.
 */
public final class Holder {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int count = Integer.parseInt(args[1]);
        InetAddress addr = InetAddress.getByName(args[2]);
        long ttlMs = Long.parseLong(args[3]) * 1000;
        long deadline = System.currentTimeMillis() + ttlMs;
        StandardProtocolFamily fam = addr.getAddress().length == 4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        ServerSocketChannel server = ServerSocketChannel.open(fam);
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(new InetSocketAddress(addr, 0), 4096);
        InetSocketAddress target = (InetSocketAddress) server.getLocalAddress();
        List<SocketChannel> keep = new ArrayList<>();
        Thread stdin = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // hold until EOF
                }
            } catch (IOException ignored) {
                // parent gone
            }
        });
        stdin.setDaemon(true);
        stdin.start();
        if (!mode.equals("tw")) {
            for (int i = 0; i < count && System.currentTimeMillis() < deadline; i++) {
                SocketChannel c = SocketChannel.open(fam);
                c.connect(target);
                SocketChannel s = server.accept();
                if (mode.equals("cw")) {
                    s.shutdownOutput();
                }
                keep.add(c);
                keep.add(s);
            }
            System.out.println("READY " + mode + " " + keep.size() / 2);
            System.out.flush();
            stdin.join(Math.max(1, deadline - System.currentTimeMillis()));
        } else {
            // Little's law: count = rate x 60 s, so open and close count/60 connections per second.
            int perTick = Math.max(1, count / 600);
            long made = 0;
            long start = System.currentTimeMillis();
            ByteBuffer one = ByteBuffer.allocate(1);
            boolean ready = false;
            while (stdin.isAlive() && System.currentTimeMillis() < deadline) {
                for (int i = 0; i < perTick; i++) {
                    try (SocketChannel c = SocketChannel.open(fam)) {
                        c.connect(target);
                        try (SocketChannel s = server.accept()) {
                            c.close();
                            one.clear();
                            s.read(one);
                        }
                    }
                    made++;
                }
                if (!ready && made >= count) {
                    System.out.println("READY tw " + made);
                    System.out.flush();
                    ready = true;
                }
                // Fill fast at first, then keep the steady rate of count/60 per second.
                long expected = ready ? (System.currentTimeMillis() - start) * count / 60_000 : made + perTick;
                long wait = made > expected ? 100 : 0;
                if (wait > 0) {
                    Thread.sleep(wait);
                }
            }
        }
        for (SocketChannel c : keep) {
            c.close();
        }
        server.close();
    }
}
