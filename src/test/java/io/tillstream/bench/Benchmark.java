package io.tillstream.bench;

import io.tillstream.job.Setting;
import io.tillstream.job.TillstreamConfig;
import io.tillstream.local.EmbeddedWarehouse;
import io.tillstream.local.GeneratedFile;
import io.tillstream.local.S3Uploads;
import io.tillstream.local.SalesGenerator;
import io.tillstream.testing.Await;
import io.tillstream.testing.FlinkCluster;
import io.tillstream.testing.ProductFigures;
import io.tillstream.testing.RunningJob;
import io.tillstream.testing.TestConfigs;
import io.tillstream.testing.TestStack;
import io.tillstream.testing.Warehouse;
import io.tillstream.warehouse.SchemaMigrations;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;

/**
 * Tillstream against the alternatives, in one run on one machine and on the same files: PostgreSQL
 * COPY of the same rows (the limit), a row-by-row loader (context), plain Flink SQL (the obvious
 * alternative), Tillstream end to end at parallelism 1 and 2, the freshness of single uploads, the
 * peak heap, and the parser's own speed.
 *
 * <p>Run with {@code mvn -Pbench test-compile exec:exec}; options via {@code
 * -Dbench.args="--scale 0.1 --baseline-files 20 --freshness-files 10 --parallelism 1,2 --no-jmh --relaxed-postgres"},
 * or on real files {@code --input ../shared/data/cafe --replicate 90} instead of {@code --scale}.
 */
public final class Benchmark {
    private static final ZoneId ZONE = ZoneId.of("Europe/London");
    private static final Duration TIMEOUT = Duration.ofMinutes(20);
    private static final String FRESHNESS_MONITOR_INTERVAL = "1s";
    /** Complete files and their sales as the job accounted for them: a row per file, nothing joined. */
    private static final String LEDGER_STREAM =
            "SELECT count(*) FILTER (WHERE complete), coalesce(sum(sales_new), 0) FROM ingest_file_stream";
    /** Complete files and the sales the warehouse holds from them: counts every file's sales in sale. */
    private static final String LEDGER_VIEW =
            "SELECT count(*) FILTER (WHERE complete), coalesce(sum(sales_loaded), 0) FROM ingest_file";

    private final Map<String, String> options;
    private final List<String> table = new ArrayList<>();
    private String postgresSettings;
    private String dataset;
    /** The products and branches Tillstream's parser finds: the Flink SQL row's are compared with them. */
    private String dimensions;

    private Measured copy;
    /** Every job of the run goes to one cluster, as jobs go to a running cluster in production. */
    private FlinkCluster session;

    private Benchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new Benchmark(options(args)).run();
        System.exit(0);
    }

    /** {@code --name value} pairs, and {@code --flag} alone as {@code true}. */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i].replaceFirst("^--", "");
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            options.put(key, flag ? "true" : args[++i]);
        }
        return options;
    }

    /** Enough for the widest job: Tillstream at each parallelism and Flink SQL run one at a time. */
    private int slots() {
        int slots = (int) option("sql-parallelism", 2);
        for (String p : options.getOrDefault("parallelism", "1,2").split(",")) {
            slots = Math.max(slots, Integer.parseInt(p.trim()));
        }
        return slots;
    }

    private double option(String name, double fallback) {
        return Double.parseDouble(options.getOrDefault(name, "" + fallback));
    }

    private void run() throws Exception {
        long t0 = System.nanoTime();
        List<GeneratedFile> files = files();
        NormalisedRows rows = NormalisedRows.of(files, TestConfigs.HMAC_SECRET, ZONE);
        dataset = String.format(
                "%s: %,d files, %,d receipts, %,d items", dataset, files.size(), rows.sales.size(), rows.items);
        say("%s (read and parsed in %.1f s)", dataset, seconds(t0));

        // Durable, as a production warehouse runs: otherwise a commit costs nothing and the
        // row-by-row baseline, which commits every row, looks far better than it is.
        System.setProperty(TestStack.DURABLE_POSTGRES, "" + !options.containsKey("relaxed-postgres"));
        System.setProperty(TestStack.POSTGRES_STATEMENTS, "" + options.containsKey("pg-statements"));
        TestStack stack = TestStack.get();
        postgresSettings = settings(stack);
        ownPostgres(stack);
        say("PostgreSQL: %s", postgresSettings);
        String root = "s3://" + TestStack.BUCKET + "/bench/";
        for (GeneratedFile file : files) {
            S3Uploads.put(root + file.name(), file.content());
        }
        say("uploaded to S3");
        session = FlinkCluster.session(stack.flinkConfiguration(), slots());

        long receipts = rows.sales.size();
        long items = rows.items;
        dimensions = String.format("%,d products, %,d branches", rows.products.size(), rows.branches.size());
        int rounds = (int) option("rounds", 1);
        copy(stack, rows, rounds > 1 ? ", round 1" : "");
        rows = null; // the job's heap is measured next: the client-side copy of the rows must not count

        int baselineFiles = (int) option("baseline-files", 40);
        List<GeneratedFile> subset = files.subList(0, Math.min(baselineFiles, files.size()));
        NormalisedRows subsetRows = NormalisedRows.of(subset, TestConfigs.HMAC_SECRET, ZONE);
        Stopwatch.Lap baselineLap;
        String baselineUrl = migrated(stack, "baseline");
        try (var c = new Warehouse(baselineUrl).connect()) {
            baselineLap = Baselines.rowByRow(c, () -> NormalisedRows.of(subset, TestConfigs.HMAC_SECRET, ZONE), ZONE);
        }
        dropOnceMeasured(stack, baselineUrl);
        Measured baseline = new Measured(subsetRows.items, baselineLap);
        row("row-by-row INSERT, autocommit (context; " + subset.size() + " files)", baseline);

        // Each round runs every Tillstream configuration, then the Flink SQL pipeline, in one JVM:
        // the JIT keeps compiling for several runs (a Tillstream run costs about a fifth less CPU
        // in the third round than in the first warm one), so only loaders of the same round are
        // equally warm, and a long-running job is warmer still. The first Flink job in the JVM
        // also pays about 15 CPU-seconds for compiling the Flink runtime.
        // --no-sql and --no-freshness shorten a run while developing; a reported run has both
        for (int r = 1; r <= rounds; r++) {
            String round = rounds > 1 ? ", round " + r : "";
            if (r > 1) {
                // The machine's speed drifts over minutes (COPY alone took 11 to 17 s in runs an hour
                // apart): each round's ratios are against a COPY of its own
                copy(stack, NormalisedRows.of(files, TestConfigs.HMAC_SECRET, ZONE), round);
            }
            Map<String, TillstreamRun> tillstreamRuns = tillstream(stack, root, files.size(), receipts, items, round);
            if (!options.containsKey("no-sql")) {
                Measured flinkSql = flinkSql(stack, root, receipts, items, round);
                tillstreamRuns.forEach((run, tillstream) -> {
                    table.add(String.format(
                            "| Tillstream, %s / plain Flink SQL | | | %.2f× | | | %.2f× | | |",
                            run,
                            tillstream.loading().rate() / flinkSql.rate(),
                            tillstream.loading().perCpuSecond() / flinkSql.perCpuSecond()));
                    table.add(String.format(
                            "| Tillstream, %s, counting its product figures' CPU after the run / plain Flink SQL | | | |"
                                    + " | | %.2f× | | |",
                            run, tillstream.perCpuSecondWithFigures() / flinkSql.perCpuSecond()));
                });
            }
        }
        if (!options.containsKey("no-freshness")) {
            freshness(stack);
        }
        if (!options.containsKey("no-jmh")) {
            ParserBenchmark.run()
                    .forEach((name, rate) -> table.add(
                            String.format("| parser micro-benchmark: %s | | | %,.0f lines/s | | | | | |", name, rate)));
        }
        report(String.join("\n", header()) + "\n" + String.join("\n", table) + "\n", "results.md");
    }

    /** Prints a finished table and writes it to {@code target/bench/}. */
    static void report(String report, String fileName) throws IOException {
        Path out = Path.of("target/bench", fileName);
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println();
        System.out.println(report);
        System.out.println("written to " + out.toAbsolutePath());
    }

    /** COPY of exactly the rows Tillstream writes, into a new migrated database: the limit every ratio is against. */
    private void copy(TestStack stack, NormalisedRows rows, String round) throws Exception {
        String url = migrated(stack, "copy");
        settleDisk(url);
        try (var c = new Warehouse(url).connect()) {
            copy = new Measured(rows.items, Baselines.copy(c, rows, ZONE));
        }
        row("PostgreSQL COPY (limit)" + round, copy);
        dropOnceMeasured(stack, url);
    }

    /**
     * The data set: generated by default; with {@code --input DIR}, every till file under DIR,
     * {@code --replicate N} times with shifted dates.
     */
    private List<GeneratedFile> files() throws IOException {
        if (options.containsKey("input")) {
            Path dir = Path.of(options.get("input"));
            int copies = (int) option("replicate", 1);
            dataset =
                    dir + (copies > 1 ? ", " + copies + " copies " + InputFiles.WEEKS_PER_COPY + " week(s) apart" : "");
            return InputFiles.replicate(InputFiles.read(dir), copies);
        }
        double scale = option("scale", 1.0);
        int filesPerBranch = (int) Math.max(1, Math.round(20 * scale));
        SalesGenerator.Spec spec = SalesGenerator.Spec.defaults()
                .withBranches(20)
                .withFilesPerBranch(filesPerBranch)
                .withReceiptsPerFile(1250)
                .withFirstDate(LocalDate.of(2024, 1, 1))
                .withLegacyFraction(0.25)
                .withGzipFraction(0.25);
        dataset = "generated (scale " + scale + ")";
        return new SalesGenerator(2024L).generate(spec).files();
    }

    /** Tillstream at each variant and parallelism, on the files already in the bucket. */
    private Map<String, TillstreamRun> tillstream(
            TestStack stack, String root, int files, long receipts, long items, String round) throws Exception {
        Map<String, TillstreamRun> tillstreamRuns = new LinkedHashMap<>();
        List<Variant> variants = variants();
        for (Variant variant : variants) {
            for (String p : options.getOrDefault("parallelism", "1,2").split(",")) {
                int parallelism = Integer.parseInt(p.trim());
                String url = stack.newDatabase("tillstream_p" + parallelism);
                resetStatements(url);
                settleDisk(url);
                Configuration flink = session.configuration();
                variant.flink().forEach(flink::setString);
                String label = (variants.size() > 1 ? ", " + variant.name() : "") + round;
                Heap heap = Heap.watch();
                Stopwatch watch = Stopwatch.start();
                ThreadCpu threads = ThreadCpu.start();
                try (RunningJob job = session.submitWith(benchConfig(root, url, parallelism, variant.job()), flink)) {
                    Warehouse warehouse = new Warehouse(url);
                    awaitLedger(warehouse, files, receipts);
                    Measured tillstream = new Measured(items, watch.lap());
                    Stopwatch figuresWatch = Stopwatch.start();
                    Map<String, Double> byThread = threads.since();
                    heap.stop();
                    // The run ends at the checkpoint that commits its last rows, and every checkpoint
                    // snapshots the dedupe state and starts window refreshes: runs that took a different
                    // number of checkpoints differ in wall time and in CPU by more than most changes.
                    long checkpoints = checkpointsOnceTheLedgerIsComplete(job);
                    // a failover replays from the last checkpoint: the counts still match, the time does not
                    long restarts = job.restarts();
                    long loaded = warehouse.count("SELECT count(*) FROM sale_item");
                    if (loaded != items) {
                        throw new IllegalStateException("Tillstream loaded " + loaded + " items, expected " + items);
                    }
                    row(
                            String.format(
                                    "Tillstream, parallelism %d%s (checkpoints: %d; restarts: %d; peak heap %s, live after GC"
                                            + " %s)",
                                    parallelism,
                                    label,
                                    checkpoints,
                                    restarts,
                                    mib(heap.peakUsed()),
                                    mib(heap.peakAfterGc())),
                            tillstream);
                    say("  … this JVM's CPU-s by thread: %s", ThreadCpu.describe(byThread));
                    ProductFigures figures = new ProductFigures(warehouse);
                    figures.awaitEveryItemCounted(items);
                    Stopwatch.Lap caughtUp = figuresWatch.lap();
                    if (!figures.windowMismatches().isEmpty()) {
                        figures.awaitWindowsMatchTheTruth();
                        caughtUp = figuresWatch.lap();
                    }
                    Await.until(
                            "every window final",
                            () -> warehouse.count("SELECT count(*) FROM product_sales_window WHERE NOT is_final"),
                            0L,
                            TIMEOUT);
                    String figuresLine = String.format(
                            "%,d window rows, equal to a GROUP BY over sale_item %.1f s after the last sale was"
                                    + " loaded (%.1f own CPU-s, PostgreSQL %.1f); %.2f %% of item sales came after their"
                                    + " window was final (backlog)",
                            warehouse.count("SELECT count(*) FROM product_sales_window"),
                            caughtUp.seconds(),
                            caughtUp.cpuSeconds(),
                            caughtUp.postgresCpuSeconds(),
                            100 * figures.shareAfterFinal());
                    say("  … %s", figuresLine);
                    tillstreamRuns.put(
                            "parallelism " + parallelism + label, new TillstreamRun(tillstream, caughtUp.cpuSeconds()));
                    printStatements(url);
                    table.add(String.format(
                            "| product figures, parallelism %d%s: %s | | | | | | | | |",
                            parallelism, label, figuresLine));
                    if (option("idle-seconds", 30) > 0) {
                        String idleLine = idle(job, receipts);
                        say("  … %s", idleLine);
                        table.add(String.format(
                                "| idle, parallelism %d%s: %s | | | | | | | | |", parallelism, label, idleLine));
                    }
                }
                dropOnceMeasured(stack, url);
            }
        }

        return tillstreamRuns;
    }

    /**
     * Read a moment after the ledger is complete: flink-connector-jdbc's writer commits at the barrier,
     * so the ledger can be complete before Flink has finished the checkpoint (docs/operations.md).
     */
    private static long checkpointsOnceTheLedgerIsComplete(RunningJob job) throws Exception {
        Thread.sleep(1000);
        return job.completedCheckpoints();
    }

    /**
     * The job caught up, with nothing to read: what staying live costs, i.e. its checkpoints (each
     * writes every sale id of the retention on the heap backend, and commits the XA sinks) and its
     * listings. What a shorter {@code checkpoint.interval} would cost a chain all day.
     */
    private String idle(RunningJob job, long saleIds) throws Exception {
        long before = job.completedCheckpoints();
        Stopwatch watch = Stopwatch.start();
        Thread.sleep((long) (option("idle-seconds", 30) * 1000));
        Stopwatch.Lap lap = watch.lap();
        return String.format(
                "%.0f s with %,d sale ids in state: %d checkpoints, %.1f own CPU-s (PostgreSQL %.1f), %.2f of a core",
                lap.seconds(),
                saleIds,
                job.completedCheckpoints() - before,
                lap.cpuSeconds(),
                lap.postgresCpuSeconds(),
                lap.cpuSeconds() / lap.seconds());
    }

    /**
     * Settings to compare in one run, {@code --variants "heap;rocksdb=state.backend.type:rocksdb,
     * execution.checkpointing.incremental:true;live5=checkpoint.interval:5s"}: each variant is a name
     * and the settings it changes, Tillstream's own ({@link Setting} keys) for the job, any other
     * to Flink with the job's submission (job settings only: the session cluster's own, such as a
     * TaskManager's memory, are fixed when it starts). Without the option, the job's defaults only.
     */
    private List<Variant> variants() {
        List<Variant> variants = new ArrayList<>();
        for (String variant : options.getOrDefault("variants", "default").split(";")) {
            String[] nameAndSettings = variant.trim().split("=", 2);
            Map<String, String> flink = new LinkedHashMap<>();
            Map<Setting, String> job = new EnumMap<>(Setting.class);
            if (nameAndSettings.length > 1) {
                for (String setting : nameAndSettings[1].split(",")) {
                    String[] keyValue = setting.split(":", 2);
                    String key = keyValue[0].trim();
                    String value = keyValue[1].trim();
                    Arrays.stream(Setting.values())
                            .filter(s -> s.key().equals(key))
                            .findFirst()
                            .ifPresentOrElse(s -> job.put(s, value), () -> flink.put(key, value));
                }
            }
            variants.add(new Variant(nameAndSettings[0].trim(), flink, job));
        }
        return variants;
    }

    private record Variant(String name, Map<String, String> flink, Map<Setting, String> job) {}

    /** The plain Flink SQL pipeline on the same files into its own migrated database; counts checked. */
    private Measured flinkSql(TestStack stack, String root, long receipts, long items, String round) throws Exception {
        int parallelism = (int) option("sql-parallelism", 2);
        String url = migrated(stack, "flink_sql");
        settleDisk(url);
        Stopwatch watch = Stopwatch.start();
        FlinkSqlLoader.load(
                session.environment(parallelism, session.configuration()),
                root,
                url,
                EmbeddedWarehouse.USER,
                EmbeddedWarehouse.PASSWORD,
                ZONE.getId(),
                TIMEOUT);
        Measured measured = new Measured(items, watch.lap());
        Warehouse warehouse = new Warehouse(url);
        long sales = warehouse.count("SELECT count(*) FROM sale");
        long loaded = warehouse.count("SELECT count(*) FROM sale_item");
        String counts = String.format(
                "%,d sales, %,d items, %,d products, %,d branches",
                sales,
                loaded,
                warehouse.count("SELECT count(*) FROM product"),
                warehouse.count("SELECT count(*) FROM branch"));
        say(
                "  … Flink SQL wrote %s (Tillstream's parser: %,d sales, %,d items, %s)",
                counts, receipts, items, dimensions);
        // The SQL pipeline keys a sale by a hash of its whole row, card number included; sale
        // identity v2 leaves the card out (docs/identity.md), so two sales with the same minute,
        // branch, customer name, basket and payment are one sale to Tillstream. Generated data has
        // a few (2 in 250,000); anything more is a real disagreement.
        long merged = sales - receipts;
        long tolerated = Math.max(10, receipts / 10_000);
        if (merged < 0 || merged > tolerated || loaded < items || loaded - items > tolerated * 10) {
            throw new IllegalStateException(
                    "Flink SQL loaded " + counts + ", expected " + receipts + " sales and " + items + " items");
        }
        if (merged > 0) {
            say(
                    "  … %,d sales (%,d items) more than Tillstream: sales identity v2 takes as one (same minute,"
                            + " branch, customer name, basket and payment; the card number is not in the id)",
                    merged, loaded - items);
        }
        row(
                "plain Flink SQL, parallelism " + parallelism + round + " (filesystem csv → JDBC upsert; " + counts
                        + ")",
                measured);
        dropOnceMeasured(stack, url);
        return measured;
    }

    /**
     * The production defaults, but for windows that turn final within the run. The backlog is in the
     * bucket before the job starts, so its first listing finds all of it; later listings are pure
     * cost, as in production, at the production interval.
     */
    private TillstreamConfig benchConfig(String root, String url, int parallelism, Map<Setting, String> changes) {
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        settings.put(Setting.PARALLELISM, "" + parallelism);
        settings.put(Setting.CHECKPOINT_INTERVAL, Setting.CHECKPOINT_INTERVAL.defaultValue());
        settings.put(Setting.MONITOR_INTERVAL, Setting.MONITOR_INTERVAL.defaultValue());
        settings.put(Setting.FINAL_AFTER_IDLE, "25s");
        settings.putAll(changes);
        return TestConfigs.job(root, url, settings);
    }

    /** Upload one new file at a time into the running, idle job; time until its rows are visible. */
    private void freshness(TestStack stack) throws Exception {
        int count = (int) option("freshness-files", 15);
        String url = stack.newDatabase("freshness");
        String root = "s3://" + TestStack.BUCKET + "/freshness/";
        List<GeneratedFile> files = new SalesGenerator(99L)
                .generate(SalesGenerator.Spec.defaults()
                        .withBranches(count)
                        .withFilesPerBranch(1)
                        .withReceiptsPerFile(200)
                        .withFirstDate(LocalDate.of(2024, 6, 1))
                        .withLegacyFraction(0)
                        .withGzipFraction(0))
                .files();
        List<Double> latencies = new ArrayList<>();
        // listed every second: the time a file waits for the next listing is not what this measures
        try (RunningJob job = session.submitWith(
                benchConfig(root, url, 1, Map.of(Setting.MONITOR_INTERVAL, FRESHNESS_MONITOR_INTERVAL)),
                session.configuration())) {
            Warehouse warehouse = new Warehouse(url);
            S3Uploads.put(root + "warm-up/" + files.get(0).name(), files.get(0).content());
            awaitLedger(warehouse, 1, 200);
            // irregular gaps, so that uploads fall at every point of the checkpoint cycle
            Random gaps = new Random(7);
            for (GeneratedFile file : files.subList(1, files.size())) {
                Thread.sleep(1_500 + gaps.nextInt(5_000));
                S3Uploads.put(root + file.name(), file.content());
                long uploaded = System.nanoTime();
                String path = root + file.name();
                while (warehouse.count("SELECT count(*) FROM ingest_file WHERE complete AND path = '" + path + "'")
                        == 0) {
                    if (seconds(uploaded) > TIMEOUT.toSeconds()) {
                        throw new IllegalStateException(path + " never became visible");
                    }
                    Thread.sleep(50);
                }
                latencies.add(seconds(uploaded));
            }
        }
        Collections.sort(latencies);
        table.add(String.format(
                "| freshness, upload → rows visible (%d files, checkpoint interval %s) | | | p50 %.1f s, p95 %.1f s, max %.1f s | | | | | |",
                latencies.size(),
                Setting.CHECKPOINT_INTERVAL.defaultValue(),
                percentile(latencies, 50),
                percentile(latencies, 95),
                latencies.get(latencies.size() - 1)));
    }

    private static String settings(TestStack stack) throws Exception {
        Warehouse postgres = new Warehouse(stack.newDatabase("settings"));
        return postgres.rows("SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings"
                        + " WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')")
                .get(0)
                .get(0);
    }

    /** PostgreSQL's postmaster, parent of every backend, is one of the benchmark's own processes. */
    static void ownPostgres(TestStack stack) throws Exception {
        // the backend is looked up while its connection is open: it exits when the connection closes
        try (var c = new Warehouse(stack.newDatabase("pid")).connect();
                var s = c.createStatement()) {
            long backend = Long.parseLong(
                    Warehouse.rows(s, "SELECT pg_backend_pid()::text").get(0).get(0));
            Stopwatch.own(ProcessHandle.of(backend)
                    .flatMap(ProcessHandle::parent)
                    .orElseThrow()
                    .pid());
        }
    }

    /**
     * Before each timed loader: PostgreSQL writes out its dirty buffers and the kernel its dirty
     * pages, so that no loader pays for the writes of the one before it. Without this, a COPY
     * right after a Flink SQL run took 15.3 s instead of 10.9.
     */
    static void settleDisk(String url) throws Exception {
        new Warehouse(url).execute("CHECKPOINT");
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    /**
     * Drops a loader's database once it is measured. Left in place, PostgreSQL's autovacuum vacuums
     * and analyses the freshly loaded tables up to a minute later, inside the next loader's timing:
     * COPY's database during the Tillstream run right after it, Tillstream's during Flink SQL's.
     */
    private static void dropOnceMeasured(TestStack stack, String url) throws Exception {
        stack.dropDatabase(url);
    }

    private void resetStatements(String url) throws Exception {
        if (options.containsKey("pg-statements")) {
            Warehouse warehouse = new Warehouse(url);
            warehouse.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            warehouse.execute("SELECT pg_stat_statements_reset()");
        }
    }

    /** With {@code --pg-statements}: where PostgreSQL spent the run's time, statement by statement. */
    private void printStatements(String url) throws Exception {
        if (!options.containsKey("pg-statements")) {
            return;
        }
        List<List<String>> top = new Warehouse(url)
                .rows("SELECT calls::text, round(total_exec_time)::text, rows::text,"
                        + " left(regexp_replace(query, '\\s+', ' ', 'g'), 110)"
                        + " FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database"
                        + " WHERE datname = current_database()) ORDER BY total_exec_time DESC LIMIT 12");
        say("  PostgreSQL statements by total time (calls, ms, rows, statement):");
        top.forEach(row -> say("    %8s %8s %9s  %s", row.get(0), row.get(1), row.get(2), row.get(3)));
    }

    static String migrated(TestStack stack, String name) throws Exception {
        String url = stack.newDatabase(name);
        SchemaMigrations.apply(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD);
        return url;
    }

    /**
     * Until the ledger shows every file complete and the warehouse holds every sale. On one
     * connection, and of the view only once the job's own accounting is complete: the view's counts
     * cost PostgreSQL CPU inside the run being timed, which the Flink SQL run has no share of.
     */
    private static void awaitLedger(Warehouse warehouse, int files, long sales) throws Exception {
        long start = System.nanoTime();
        try (var c = warehouse.connect();
                var s = c.createStatement()) {
            while (!complete(s, LEDGER_STREAM, files, sales) || !complete(s, LEDGER_VIEW, files, sales)) {
                if (seconds(start) > TIMEOUT.toSeconds()) {
                    throw new IllegalStateException("the job did not load everything within " + TIMEOUT);
                }
                Thread.sleep(200);
            }
        }
    }

    /** Whether {@code ledger} (complete files, sales) shows at least {@code files} and {@code sales}. */
    private static boolean complete(Statement s, String ledger, int files, long sales) throws Exception {
        List<String> row = Warehouse.rows(s, ledger).get(0);
        return Long.parseLong(row.get(0)) >= files && Long.parseLong(row.get(1)) >= sales;
    }

    private List<String> header() {
        Runtime rt = Runtime.getRuntime();
        return List.of(
                String.format(
                        "Machine: %d cores, %s max heap for this JVM, Java %s, %s",
                        rt.availableProcessors(),
                        mib(rt.maxMemory()),
                        System.getProperty("java.version"),
                        System.getProperty("os.name")),
                "Data: " + dataset,
                "PostgreSQL (embedded, same for every loader): " + postgresSettings,
                "",
                "| loader | items | seconds | items/s | vs COPY | own CPU-s (PostgreSQL) | items per own CPU-s | vs COPY | machine CPU-s |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    }

    /**
     * A Tillstream run: loading every sale (the timed run), and the CPU its product figures took
     * after it, which the timed run leaves out (docs/benchmarks.md, session 12).
     */
    private record TillstreamRun(Measured loading, double figuresCpuSeconds) {
        double perCpuSecondWithFigures() {
            return loading.items() / (loading.lap().cpuSeconds() + figuresCpuSeconds);
        }
    }

    /** A loader's items and what loading them cost. */
    private record Measured(long items, Stopwatch.Lap lap) {
        double rate() {
            return items / lap.seconds();
        }

        double perCpuSecond() {
            return items / lap.cpuSeconds();
        }
    }

    private void row(String what, Measured m) {
        String line = String.format(
                "| %s | %,d | %.1f | %,.0f | %.2f× | %.1f (%.1f) | %,.0f | %.2f× | %.1f |",
                what,
                m.items(),
                m.lap().seconds(),
                m.rate(),
                m.rate() / copy.rate(),
                m.lap().cpuSeconds(),
                m.lap().postgresCpuSeconds(),
                m.perCpuSecond(),
                m.perCpuSecond() / copy.perCpuSecond(),
                m.lap().machineCpuSeconds());
        table.add(line);
        say("%s", line);
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String mib(long bytes) {
        return String.format("%,d MiB", bytes / (1024 * 1024));
    }

    private static void say(String format, Object... args) {
        System.out.printf(format + "%n", args);
    }

    /** Samples the heap of this JVM (JobManager and TaskManager of the MiniCluster run in it). */
    private static final class Heap {
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong peakLive = new AtomicLong();

        static Heap watch() {
            System.gc();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            Heap heap = new Heap();
            heap.sampler.scheduleAtFixedRate(heap::sample, 0, 20, TimeUnit.MILLISECONDS);
            return heap;
        }

        void stop() {
            sampler.shutdownNow();
        }

        long peakUsed() {
            return peak.get();
        }

        /** The largest heap still in use right after a collection: the live data, not garbage. */
        long peakAfterGc() {
            return peakLive.get();
        }

        private void sample() {
            peak.accumulateAndGet(
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
            long live = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                    live += pool.getCollectionUsage().getUsed();
                }
            }
            peakLive.accumulateAndGet(live, Math::max);
        }
    }
}
