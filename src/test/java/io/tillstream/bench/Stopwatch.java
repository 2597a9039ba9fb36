package io.tillstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Wall-clock time and the CPU time the whole machine spent meanwhile (all processes: the JVM,
 * PostgreSQL, S3Proxy), from Linux's {@code /proc/stat}. On two shared cores, wall time swings by a
 * fifth between runs; the CPU a loader costs per item swings far less, and it is what decides how
 * many branches one machine keeps up with.
 */
final class Stopwatch {
    private static final Path PROC_STAT = Path.of("/proc/stat");
    /** Linux reports CPU times in clock ticks of 1/100 s on every common platform. */
    private static final double TICKS_PER_SECOND = 100;

    private final long startNanos = System.nanoTime();
    private final long startBusyTicks = busyTicks();

    static Stopwatch start() {
        return new Stopwatch();
    }

    /** What was measured since {@link #start}; CPU is NaN where {@code /proc/stat} is not readable. */
    Lap lap() {
        long busy = busyTicks();
        return new Lap(
                (System.nanoTime() - startNanos) / 1e9,
                busy < 0 || startBusyTicks < 0 ? Double.NaN : (busy - startBusyTicks) / TICKS_PER_SECOND);
    }

    record Lap(double seconds, double cpuSeconds) {}

    /** user + nice + system + irq + softirq + steal of all CPUs, or -1. */
    private static long busyTicks() {
        try {
            String[] fields = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(fields[i]);
            }
            return busy;
        } catch (IOException | RuntimeException notLinux) {
            return -1;
        }
    }
}
