package io.tcpdoctor.collect;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

    /** Waits for a task of this pool, rethrowing its runtime exception as it was thrown. */
    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
