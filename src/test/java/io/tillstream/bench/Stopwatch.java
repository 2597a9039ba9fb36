package io.tillstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Wall-clock time and CPU time, from Linux's {@code /proc}: the whole machine's ({@code
 * /proc/stat}), and the benchmark's own processes' (this JVM with the MiniCluster, its S3Proxy
 * child, and the PostgreSQL server with all its backends). On two cores wall time swings by a fifth
 * between runs even on a quiet machine; the CPU a loader costs per item swings far less, and it is
 * what decides how many branches one machine keeps up with. When other work shares the machine,
 * only the own-process figure still means something.
 */
final class Stopwatch {
    private static final Path PROC = Path.of("/proc");
    /** Linux reports CPU times in clock ticks of 1/100 s on every common platform. */
    private static final double TICKS_PER_SECOND = 100;
    /** Roots of the process trees that are the benchmark's own: this JVM, and the PostgreSQL server. */
    private static final List<Long> ROOTS =
            new CopyOnWriteArrayList<>(List.of(ProcessHandle.current().pid()));

    private final long startNanos = System.nanoTime();
    private final long startBusyTicks = busyTicks();
    private final long startOwnTicks = ownTicks();
    private final long startPostgresTicks = postgresTicks();

    static Stopwatch start() {
        return new Stopwatch();
    }

    /** Counts this process and its descendants (PostgreSQL's postmaster: its backends) as the benchmark's own. */
    static void own(long pid) {
        ROOTS.add(pid);
    }

    /** What was measured since {@link #start}; CPU is NaN where {@code /proc} is not readable. */
    Lap lap() {
        long busy = busyTicks();
        long own = ownTicks();
        long postgres = postgresTicks();
        return new Lap(
                (System.nanoTime() - startNanos) / 1e9,
                own < 0 || startOwnTicks < 0 ? Double.NaN : (own - startOwnTicks) / TICKS_PER_SECOND,
                busy < 0 || startBusyTicks < 0 ? Double.NaN : (busy - startBusyTicks) / TICKS_PER_SECOND,
                postgres < 0 || startPostgresTicks < 0
                        ? Double.NaN
                        : (postgres - startPostgresTicks) / TICKS_PER_SECOND);
    }

    /**
     * @param cpuSeconds the CPU time of the benchmark's own processes
     * @param machineCpuSeconds the CPU time of the whole machine, other people's work included
     * @param postgresCpuSeconds the part of {@code cpuSeconds} PostgreSQL spent
     */
    record Lap(double seconds, double cpuSeconds, double machineCpuSeconds, double postgresCpuSeconds) {}

    /** user + nice + system + irq + softirq + steal of all CPUs, or -1. */
    private static long busyTicks() {
        try {
            String[] fields =
                    Files.readAllLines(PROC.resolve("stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(fields[i]);
            }
            return busy;
        } catch (IOException | RuntimeException notLinux) {
            return -1;
        }
    }

    /**
     * utime + stime + cutime + cstime of every live process in the own trees: a child that has
     * exited (a PostgreSQL backend whose connection closed) is in its parent's cutime and cstime.
     */
    private static long ownTicks() {
        long ticks = 0;
        for (long root : ROOTS) {
            long t = treeTicks(root);
            if (t < 0) {
                return -1;
            }
            ticks += t;
        }
        return ticks;
    }

    /** The second root is PostgreSQL's postmaster, once the benchmark has registered it. */
    private static long postgresTicks() {
        return ROOTS.size() > 1 ? treeTicks(ROOTS.get(1)) : -1;
    }

    private static long treeTicks(long root) {
        List<ProcessHandle> tree = ProcessHandle.of(root)
                .map(p -> Stream.concat(Stream.of(p), p.descendants()).toList())
                .orElse(List.of());
        long ticks = 0;
        for (ProcessHandle process : tree) {
            long t = processTicks(process.pid());
            if (t < 0 && process.pid() == root) {
                return -1;
            }
            ticks += Math.max(0, t);
        }
        return tree.isEmpty() ? -1 : ticks;
    }

    private static long processTicks(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(pid + "/stat"));
            // the command name may hold spaces and parentheses: fields are counted after its ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11])
                    + Long.parseLong(fields[12])
                    + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14]);
        } catch (IOException | RuntimeException goneOrNotLinux) {
            return -1;
        }
    }
}
