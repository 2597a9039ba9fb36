package io.tillstream.bench;

import io.tillstream.local.LocalFlink;
import io.tillstream.local.S3ProxyServer;
import io.tillstream.source.SourceLine;
import io.tillstream.source.TillFileFormat;
import io.tillstream.source.TillFiles;
import io.tillstream.testing.ManualEnumeratorContext;
import io.tillstream.testing.TestStack;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * File discovery as the bucket grows: Tillstream's bounded enumerator against Flink's continuous
 * FileSource enumerator, both driven through the public {@link Source} API over the same S3Proxy
 * bucket. The bucket holds a chain's uploads (20 branches every 20 minutes, 1,440 files a day in
 * {@code in/YYYY/MM/DD/}, newest yesterday), created as empty files straight in S3Proxy's
 * directory with their upload times set, and grown size by size. For each size and enumerator:
 * the first listing of a fresh job (the whole backlog), the steady listing (median of three; one
 * listing above 100,000 objects), the
 * checkpoint (snapshot and serialise) and its size, and the heap the enumerator keeps (used heap
 * after full collections, with and without it).
 *
 * <p>{@code --sizes 1000,10000,100000,1000000} (default), {@code --tolerance 1d}, {@code
 * --filesource-first true} to measure FileSource before Tillstream at each size (the first
 * listing after the files are created runs on colder caches).
 */
public final class DiscoveryBenchmark {
    private static final int FILES_PER_DAY = 1440;
    private static final int BRANCHES = 20;
    private static final String BUCKET = "tills";
    private static final DateTimeFormatter PERIOD = DateTimeFormatter.ofPattern("dd-MM-uuuu_HH-mm-ss");
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private record Result(
            String enumerator,
            int files,
            double firstListingMs,
            double listingMs,
            double checkpointMs,
            int checkpointBytes,
            long heapBytes) {}

    private DiscoveryBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(1_000, 10_000, 100_000, 1_000_000);
        Duration tolerance = Duration.ofDays(1);
        boolean fileSourceFirst = false;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--sizes" ->
                    sizes = Arrays.stream(args[i + 1].split(","))
                            .map(Integer::parseInt)
                            .toList();
                case "--tolerance" -> tolerance = org.apache.flink.util.TimeUtils.parseDuration(args[i + 1]);
                case "--filesource-first" -> fileSourceFirst = Boolean.parseBoolean(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("tillstream-discovery-bench-");
        Path bucket = work.resolve("buckets").resolve(BUCKET);
        List<Result> results = new ArrayList<>();
        try (S3ProxyServer s3 = S3ProxyServer.start(work, TestStack.freePort(), BUCKET)) {
            LocalFlink.initialiseFileSystems(
                    LocalFlink.configuration(s3.endpoint(), TestStack.freePort(), work.resolve("checkpoints")));
            String prefix = "s3://" + BUCKET + "/in/";
            LocalDate newestDay = LocalDate.now(ZoneOffset.UTC).minusDays(1);
            int created = 0;
            boolean warm = false;
            for (int size : sizes) {
                long start = System.nanoTime();
                for (; created < size; created++) {
                    createFile(bucket.resolve("in"), newestDay, created);
                }
                System.out.printf(Locale.ROOT, "%,d files in the bucket (created in %.1f s)%n", size, seconds(start));
                if (!warm) {
                    // the S3 client, JIT and class loading, measured once and thrown away
                    measure("warm-up", size, tillstream(prefix, tolerance));
                    measure("warm-up", size, fileSource(prefix));
                    warm = true;
                }
                if (fileSourceFirst) {
                    results.add(measure("FileSource continuous", size, fileSource(prefix)));
                }
                results.add(measure(
                        "Tillstream (tolerance " + tolerance.toHours() + " h)", size, tillstream(prefix, tolerance)));
                if (!fileSourceFirst) {
                    results.add(measure("FileSource continuous", size, fileSource(prefix)));
                }
            }
        }
        deleteRecursively(work);
        String table = table(results);
        System.out.println(table);
        Path out = Path.of("target/bench/discovery.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    private static TillFiles tillstream(String prefix, Duration tolerance) {
        return TillFiles.watching(prefix, Duration.ofSeconds(10), tolerance, Duration.ofSeconds(5));
    }

    private static FileSource<SourceLine> fileSource(String prefix) {
        return FileSource.forBulkFileFormat(new TillFileFormat(), new org.apache.flink.core.fs.Path(prefix))
                .monitorContinuously(Duration.ofSeconds(10))
                .build();
    }

    /** File {@code i} counting back from the newest: day {@code i / 1440}, then branch and period. */
    private static void createFile(Path root, LocalDate newestDay, int i) throws IOException {
        LocalDate day = newestDay.minusDays(i / FILES_PER_DAY);
        int k = i % FILES_PER_DAY;
        Instant periodStart =
                day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofMinutes(20L * (k / BRANCHES)));
        Path dir = root.resolve(
                String.format(Locale.ROOT, "%04d/%02d/%02d", day.getYear(), day.getMonthValue(), day.getDayOfMonth()));
        Files.createDirectories(dir);
        Path file = dir.resolve(String.format(
                Locale.ROOT, "branch-%02d_%s.csv", k % BRANCHES, PERIOD.format(periodStart.atOffset(ZoneOffset.UTC))));
        Files.createFile(file);
        Files.setLastModifiedTime(file, FileTime.from(periodStart.plus(Duration.ofMinutes(21))));
    }

    private static <C> Result measure(String name, int files, Source<SourceLine, FileSourceSplit, C> source)
            throws Exception {
        long heapBefore = usedAfterGc();
        ManualEnumeratorContext<FileSourceSplit> context = new ManualEnumeratorContext<>(1, false);
        SplitEnumerator<FileSourceSplit, C> enumerator = source.createEnumerator(context);
        enumerator.start();
        long start = System.nanoTime();
        context.runPeriodic();
        double firstListing = millis(start);
        long before;
        do {
            before = context.assignedCount();
            enumerator.handleSplitRequest(0, null);
        } while (context.assignedCount() > before);
        if (context.assignedCount() != files) {
            throw new IllegalStateException(name + " handed out " + context.assignedCount() + " of " + files);
        }
        // a listing of a million objects takes minutes: the steady figure is then a single listing
        double[] listings = new double[files > 100_000 ? 1 : 3];
        for (int i = 0; i < listings.length; i++) {
            start = System.nanoTime();
            context.runPeriodic();
            listings[i] = millis(start);
        }
        if (context.assignedCount() != files) {
            throw new IllegalStateException(name + " read files twice");
        }
        Arrays.sort(listings);
        double steady = listings[listings.length / 2];
        SimpleVersionedSerializer<C> serializer = source.getEnumeratorCheckpointSerializer();
        start = System.nanoTime();
        byte[] checkpoint = serializer.serialize(enumerator.snapshotState(1));
        double checkpointMs = millis(start);
        long heap = usedAfterGc() - heapBefore;
        Result result = new Result(name, files, firstListing, steady, checkpointMs, checkpoint.length, heap);
        enumerator.close();
        System.out.println(result);
        return result;
    }

    /** A million empty files are a million inodes: not left behind in the temporary directory. */
    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    private static String table(List<Result> results) {
        StringBuilder md = new StringBuilder(
                "| objects | enumerator | first listing (s) | steady listing (s) | checkpoint (ms) | checkpoint size | enumerator heap |\n"
                        + "|---:|---|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %,d | %s | %.2f | %.2f | %.1f | %s | %s |%n",
                    r.files(),
                    r.enumerator(),
                    r.firstListingMs() / 1000,
                    r.listingMs() / 1000,
                    r.checkpointMs(),
                    bytes(r.checkpointBytes()),
                    bytes(Math.max(0, r.heapBytes()))));
        }
        return md.toString();
    }

    private static String bytes(long bytes) {
        if (bytes < 10_000) {
            return String.format(Locale.ROOT, "%,d B", bytes);
        }
        if (bytes < 10_000_000) {
            return String.format(Locale.ROOT, "%,d KiB", bytes / 1024);
        }
        return String.format(Locale.ROOT, "%,d MiB", bytes / (1024 * 1024));
    }

    private static double millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
