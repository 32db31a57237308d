package io.tcpdoctor.testing;

import java.util.function.BooleanSupplier;

/** Bounded polling for kernel state changes that happen asynchronously (a FIN being acknowledged). */
public final class Wait {
    private Wait() {
    }

    /** Polls every 20 ms until the condition holds or the time is up; returns whether it held. */
    public static boolean until(BooleanSupplier condition, long timeoutMs) {
        long end = System.nanoTime() + timeoutMs * 1_000_000;
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
