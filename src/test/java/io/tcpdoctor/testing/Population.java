package io.tcpdoctor.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process that builds a known socket population on loopback, prints {@code READY ...}, and holds
 * it until its standard input closes or 120 s pass (it always ends by itself).
 * Arguments: established timewait closewait established6.
 */
public final class Population {
    private Population() {
    }

    public static void main(String[] args) throws Exception {
        int est = Integer.parseInt(args[0]);
        int tw = Integer.parseInt(args[1]);
        int cw = Integer.parseInt(args[2]);
        int est6 = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        List<Loopback> all = new ArrayList<>();
        Loopback v4 = new Loopback("127.0.0.1", 128);
        all.add(v4);
        for (int i = 0; i < est; i++) {
            v4.established();
        }
        Loopback twL = new Loopback("127.0.0.2", 128);
        all.add(twL);
        for (int i = 0; i < tw; i++) {
            twL.timeWait();
        }
        Loopback cwL = new Loopback("127.0.0.3", 128);
        all.add(cwL);
        for (int i = 0; i < cw; i++) {
            cwL.closeWait();
        }
        if (est6 > 0) {
            Loopback v6 = new Loopback("::1", 128);
            all.add(v6);
            for (int i = 0; i < est6; i++) {
                v6.established();
            }
        }
        System.out.println("READY " + ProcessHandle.current().pid() + " " + v4.port() + " " + twL.port() + " " + cwL.port());
        System.out.flush();
        Thread stdin = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // hold until EOF
                }
            } catch (IOException ignored) {
                // parent went away
            }
        });
        stdin.setDaemon(true);
        stdin.start();
        stdin.join(TimeUnit.SECONDS.toMillis(120));
        for (Loopback l : all) {
            l.close();
        }
    }
}
