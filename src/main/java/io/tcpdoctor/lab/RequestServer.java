package io.tcpdoctor.lab;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/** A tiny request/response server for the lab: answers each {@code ping} line, and closes when told to. */
final class RequestServer {
    private RequestServer() {
    }

    /** Who closes a connection first. */
    enum Closes {
        /** The server closes after the client did (the client gets TIME_WAIT). */
        AFTER_CLIENT,
        /** The server closes right after its answer (the server gets TIME_WAIT). */
        FIRST
    }

    /**
     * Serves connections one after another on a thread inside the lab's namespace until the lab ends; the
     * returned counter is the number of connections finished.
     */
    static AtomicInteger start(Lab lab, ServerSocketChannel listener, Closes closes) {
        AtomicInteger done = new AtomicInteger();
        lab.spawn("server", () -> {
            while (lab.running()) {
                SocketChannel c = listener.accept();
                serve(c, closes);
                done.incrementAndGet();
            }
        });
        return done;
    }

    private static void serve(SocketChannel c, Closes closes) throws IOException {
        try (c) {
            ByteBuffer in = ByteBuffer.allocate(Lab.REQUEST.length);
            while (true) {
                in.clear();
                while (in.hasRemaining()) {
                    if (c.read(in) < 0) {
                        return;
                    }
                }
                c.write(ByteBuffer.wrap(Lab.REQUEST));
                if (closes == Closes.FIRST) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client reset the connection (SO_LINGER 0): nothing to answer
        }
    }
}
