package io.tillstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where this JVM's CPU went, by thread, from Linux's {@code /proc/self/task}. A JFR profile only
 * samples threads while they run Java code and leaves out the JIT compiler and the garbage
 * collector: its shares of samples made checkpoint snapshots look like a fifth of the work when they
 * were a twentieth (docs/benchmarks.md, session 10). These are CPU seconds as the kernel counts them.
 */
final class ThreadCpu {
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final double TICKS_PER_SECOND = 100;

    /**
     * What each thread does, by the start of its name as Linux keeps it (15 characters). The first
     * match wins; the order is the order of the report.
     */
    private static final List<Map.Entry<String, String>> GROUPS = List.of(
            Map.entry("Source: till fi", "read and parse task"),
            Map.entry("Source Data Fet", "S3 reads"),
            Map.entry("s3a-transfer", "S3 reads"),
            Map.entry("dedupe sales ->", "dedupe and sale batches task"),
            Map.entry("jdbc-upsert-out", "sale statements"),
            Map.entry("AsyncOperations", "checkpoint snapshots"),
            Map.entry("windows on each", "branch clocks"),
            Map.entry("C1 CompilerThre", "JIT compiler"),
            Map.entry("C2 CompilerThre", "JIT compiler"),
            Map.entry("GC Thread", "garbage collector"),
            Map.entry("G1 ", "garbage collector"),
            Map.entry("VM Thread", "garbage collector"));

    private static final String OTHER = "other threads";
    private static final String ENDED = "threads that ended";

    private final Map<String, Long> startByThread;
    private final long startProcess;

    private ThreadCpu() {
        this.startByThread = threads();
        this.startProcess = ticks(Path.of("/proc/self/stat"));
    }

    static ThreadCpu start() {
        return new ThreadCpu();
    }

    /** CPU seconds per group since {@link #start}, the groups in report order; empty where {@code /proc} is not readable. */
    Map<String, Double> since() {
        Map<String, Long> now = threads();
        long process = ticks(Path.of("/proc/self/stat"));
        if (now.isEmpty() || process < 0 || startProcess < 0) {
            return Map.of();
        }
        Map<String, Long> byGroup = new LinkedHashMap<>();
        GROUPS.forEach(group -> byGroup.put(group.getValue(), 0L));
        byGroup.put(OTHER, 0L);
        long counted = 0;
        for (Map.Entry<String, Long> thread : now.entrySet()) {
            long used = thread.getValue() - startByThread.getOrDefault(thread.getKey(), 0L);
            byGroup.merge(group(thread.getKey().substring(thread.getKey().indexOf(' ') + 1)), used, Long::sum);
            counted += used;
        }
        byGroup.put(ENDED, Math.max(0, process - startProcess - counted));
        Map<String, Double> seconds = new LinkedHashMap<>();
        byGroup.forEach((group, ticks) -> seconds.put(group, ticks / TICKS_PER_SECOND));
        return seconds;
    }

    /** "group 1.2, group 0.4, …": groups that used no CPU are left out. */
    static String describe(Map<String, Double> seconds) {
        if (seconds.isEmpty()) {
            return "not measured (no /proc)";
        }
        StringBuilder line = new StringBuilder();
        seconds.forEach((group, s) -> {
            if (s > 0) {
                line.append(line.isEmpty() ? "" : ", ").append(String.format("%s %.1f", group, s));
            }
        });
        return line.toString();
    }

    static String group(String threadName) {
        return GROUPS.stream()
                .filter(group -> threadName.startsWith(group.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(OTHER);
    }

    /** "tid name" to user + system ticks, for every live thread of this JVM. */
    private static Map<String, Long> threads() {
        Map<String, Long> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                threads.put(task.getFileName() + " " + name, ticks(stat));
            }
        } catch (IOException | RuntimeException notLinux) {
            return Map.of();
        }
        return threads;
    }

    private static long ticks(Path stat) {
        try {
            return ticks(Files.readString(stat));
        } catch (IOException | RuntimeException notLinux) {
            return -1;
        }
    }

    /** utime + stime: the thread's or the process's own, without children. */
    private static long ticks(String stat) {
        // the name may hold spaces and parentheses: fields are counted after its ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
