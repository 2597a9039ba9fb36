package io.tillstream.testing;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounded waiting. JUnit's timeout cannot interrupt a thread blocked inside Flink, so every wait in
 * these tests has its own deadline and fails with what it last saw.
 */
public final class Await {
    public static final Duration DEFAULT = Duration.ofSeconds(120);

    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }

    private Await() {}

    /** Polls {@code probe} until it returns {@code expected}; returns how long that took. */
    public static <T> Duration until(String what, Probe<T> probe, T expected) throws Exception {
        return until(what, probe, expected, DEFAULT);
    }

    public static <T> Duration until(String what, Probe<T> probe, T expected, Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (Objects.equals(last, expected)) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(250);
        }
        throw new AssertionError(what + ": expected " + expected + " within " + timeout + ", last saw " + last);
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
