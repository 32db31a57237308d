package io.tcpdoctor.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose socket population changes on command, for tests of repeated observations. It listens on
 * 127.0.0.1, prints {@code READY pid port}, then reads commands from standard input, one a line, and answers each
 * with another {@code READY} line: {@code est N} adds N ESTABLISHED pairs, {@code tw N} makes N client-closed pairs
 * (N TIME_WAIT on the client side), {@code sleep MS} waits. It ends at end of input, or after 120 s.
 */
public final class Churn {
    private Churn() {
    }

    public static void main(String[] args) throws Exception {
        try (Loopback server = new Loopback("127.0.0.1", 128)) {
            String ready = "READY " + ProcessHandle.current().pid() + " " + server.port();
            System.out.println(ready);
            System.out.flush();
            var exec = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "churn");
                t.setDaemon(true);
                return t;
            });
            Future<?> loop = exec.submit(() -> {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                for (String line; (line = in.readLine()) != null; ) {
                    String[] w = line.trim().split("\\s+");
                    int n = w.length > 1 ? Integer.parseInt(w[1]) : 1;
                    switch (w[0]) {
                        case "est" -> {
                            for (int i = 0; i < n; i++) {
                                server.established();
                            }
                        }
                        case "tw" -> {
                            for (int i = 0; i < n; i++) {
                                server.timeWait();
                            }
                        }
                        case "sleep" -> Thread.sleep(n);
                        default -> {
                        }
                    }
                    System.out.println(ready);
                    System.out.flush();
                }
                return null;
            });
            try {
                loop.get(120, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                loop.cancel(true);
            }
        }
    }
}
