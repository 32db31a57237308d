package io.tcpdoctor.collect;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A small pool of daemon threads for overlapping kernel reads; never keeps the JVM alive. */
final class DaemonThreads {
    private DaemonThreads() {
    }

    static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tcpdoctor-io");
        t.setDaemon(true);
        return t;
    });
}
