package io.tillstream.bench;

import io.tillstream.aggregate.RefreshBatch;
import io.tillstream.aggregate.WindowRefresh;
import io.tillstream.parse.Receipt;
import io.tillstream.testing.ProductFigures;
import io.tillstream.testing.TestConfigs;
import io.tillstream.testing.TestStack;
import io.tillstream.testing.Warehouse;
import io.tillstream.warehouse.ReceiptBatch;
import io.tillstream.warehouse.SinkStatements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What PostgreSQL spends on Tillstream's own statements, with no Flink job around them: the sale
 * sink's statement and the window sink's, run as the sinks run them on one connection, against
 * {@code COPY} of the same rows in the same round. It isolates the product figures, whose cost in
 * the full benchmark is spread over checkpoints and competes with the load for the same cores.
 *
 * <p>Per round and variant, each step timed alone, PostgreSQL's CPU (all its processes) from
 * {@code /proc}, durable as in production:
 *
 * <ol>
 *   <li>the sales: every receipt in file order, 500 per statement (the sale batcher's size), a
 *       commit every {@value #BATCHES_PER_COMMIT} statements;
 *   <li>the figures: every window of both sizes recomputed, in the order the sales first touch
 *       them (as {@code RefreshAfterCommit} merges them), 500 per statement, one transaction;
 *   <li>the marking: every window marked final, 500 per statement, one transaction.
 * </ol>
 *
 * <p>The production figures must equal the GROUP BY over {@code sale_item}, and an alternative's
 * must equal the production's, or the run fails.
 *
 * <p>{@code --input DIR} (../shared/data/cafe), {@code --replicate N} (30), {@code --rounds N} (3);
 * an alternative measured beside the production statements in every round: {@code --sale-sql
 * FILE}, {@code --window-sql FILE} (same parameters as the production statement they replace) and
 * {@code --setup-sql FILE} (run after the migrations, e.g. a table the alternative writes).
 */
public final class StatementBenchmark {
    private static final ZoneId ZONE = ZoneId.of("Europe/London");
    private static final int BATCH = 500;
    private static final int BATCHES_PER_COMMIT = 40;
    /** The job's default window sizes, the finest first. */
    private static final List<Duration> SIZES =
            TestConfigs.job("s3://unused/", "jdbc:postgresql://unused/").windowSizes();

    private record Variant(String name, String saleSql, String windowSql, String setupSql) {}

    private record Laps(Stopwatch.Lap sales, Stopwatch.Lap figures, Stopwatch.Lap marking, String figuresDigest) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Benchmark.options(args);
        Path dir = Path.of(options.getOrDefault("input", "../shared/data/cafe"));
        int copies = Integer.parseInt(options.getOrDefault("replicate", "30"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        NormalisedRows rows =
                NormalisedRows.of(InputFiles.replicate(InputFiles.read(dir), copies), TestConfigs.HMAC_SECRET, ZONE);
        List<Receipt> receipts = new ArrayList<>(rows.sales.values());
        List<WindowRefresh> windows = windowsInTouchOrder(receipts);
        List<Variant> variants = variants(options);
        System.setProperty(TestStack.DURABLE_POSTGRES, "true");
        TestStack stack = TestStack.get();
        Benchmark.ownPostgres(stack);

        List<String> table = new ArrayList<>();
        table.add(String.format(
                "%s × %d: %,d receipts, %,d items, %,d windows (sizes %s); PostgreSQL durable, CPU of all its processes",
                dir, copies, receipts.size(), rows.items, windows.size(), SIZES));
        table.add("");
        table.add("| round | statements | COPY: s, CPU-s | sales: s, CPU-s | vs COPY (CPU) | figures: s, CPU-s"
                + " | vs sales (CPU) | marking final: s, CPU-s |");
        table.add("|---|---|---:|---:|---:|---:|---:|---:|");
        for (int round = 1; round <= rounds; round++) {
            Stopwatch.Lap copy = copy(stack, rows);
            String productionDigest = null;
            for (Variant variant : variants) {
                Laps laps = run(stack, variant, receipts, windows, productionDigest == null);
                if (productionDigest == null) {
                    productionDigest = laps.figuresDigest();
                } else if (!productionDigest.equals(laps.figuresDigest())) {
                    throw new IllegalStateException(
                            variant.name() + ": figures differ from the production statements'");
                }
                table.add(String.format(
                        "| %d | %s | %.1f, %.1f | %.1f, %.1f | %.2f× | %.1f, %.1f | %.2f× | %.1f, %.1f |",
                        round,
                        variant.name(),
                        copy.seconds(),
                        copy.postgresCpuSeconds(),
                        laps.sales().seconds(),
                        laps.sales().postgresCpuSeconds(),
                        laps.sales().postgresCpuSeconds() / copy.postgresCpuSeconds(),
                        laps.figures().seconds(),
                        laps.figures().postgresCpuSeconds(),
                        laps.figures().postgresCpuSeconds() / laps.sales().postgresCpuSeconds(),
                        laps.marking().seconds(),
                        laps.marking().postgresCpuSeconds()));
                System.out.println(table.get(table.size() - 1));
            }
        }
        Benchmark.report(String.join("\n", table) + "\n", "statements.md");
        System.exit(0);
    }

    private static List<Variant> variants(Map<String, String> options) throws Exception {
        Variant production = new Variant("production", SinkStatements.saleSql(), SinkStatements.windowSql(), "");
        if (!options.containsKey("sale-sql")
                && !options.containsKey("window-sql")
                && !options.containsKey("setup-sql")) {
            return List.of(production);
        }
        return List.of(
                production,
                new Variant(
                        "alternative",
                        read(options, "sale-sql", production.saleSql()),
                        read(options, "window-sql", production.windowSql()),
                        read(options, "setup-sql", "")));
    }

    private static String read(Map<String, String> options, String option, String fallback) throws Exception {
        return options.containsKey(option) ? Files.readString(Path.of(options.get(option))) : fallback;
    }

    private static Stopwatch.Lap copy(TestStack stack, NormalisedRows rows) throws Exception {
        String url = Benchmark.migrated(stack, "statements_copy");
        Benchmark.settleDisk(url);
        try (Connection c = new Warehouse(url).connect()) {
            return Baselines.copy(c, rows, ZONE);
        } finally {
            stack.dropDatabase(url);
        }
    }

    private static Laps run(
            TestStack stack, Variant variant, List<Receipt> receipts, List<WindowRefresh> windows, boolean checkTruth)
            throws Exception {
        String url = Benchmark.migrated(stack, "statements");
        try {
            Warehouse warehouse = new Warehouse(url);
            if (!variant.setupSql().isBlank()) {
                warehouse.execute(variant.setupSql());
            }
            // Autovacuum would analyse and vacuum the fresh tables inside the next step's timing; the
            // sales are analysed once, untimed, as autovacuum does within a minute of a load
            warehouse.execute("ALTER TABLE sale SET (autovacuum_enabled = false)");
            warehouse.execute("ALTER TABLE sale_item SET (autovacuum_enabled = false)");
            warehouse.execute("ALTER TABLE product_sales_window SET (autovacuum_enabled = false)");
            Stopwatch.Lap sales;
            Stopwatch.Lap figures;
            Stopwatch.Lap marking;
            try (Connection c = SinkStatements.connect(url)) {
                Benchmark.settleDisk(url);
                Stopwatch watch = Stopwatch.start();
                try (PreparedStatement ps = c.prepareStatement(variant.saleSql())) {
                    for (int from = 0, n = 1; from < receipts.size(); from += BATCH, n++) {
                        SinkStatements.bindSales(ps, new ReceiptBatch(slice(receipts, from)), ZONE);
                        ps.executeUpdate();
                        if (n % BATCHES_PER_COMMIT == 0) {
                            c.commit();
                        }
                    }
                }
                c.commit();
                sales = watch.lap();
                warehouse.execute("ANALYZE sale, sale_item");

                Benchmark.settleDisk(url);
                figures = windows(c, variant.windowSql(), windows, false);
                Benchmark.settleDisk(url);
                marking = windows(c, variant.windowSql(), windows, true);
            }
            if (checkTruth && !new ProductFigures(warehouse).windowMismatches().isEmpty()) {
                throw new IllegalStateException("the production figures differ from the GROUP BY over sale_item");
            }
            String digest = warehouse
                    .rows("SELECT count(*) || ' ' || md5(string_agg(concat_ws(',', window_minutes,"
                            + " window_start, branch_id, product_id, sales, items, revenue, is_final, items_when_final),"
                            + " ';' ORDER BY window_minutes, window_start, branch_id, product_id))"
                            + " FROM product_sales_window")
                    .get(0)
                    .get(0);
            return new Laps(sales, figures, marking, digest);
        } finally {
            stack.dropDatabase(url);
        }
    }

    /** Every window recomputed, or marked final, in batches of one transaction: one checkpoint's refreshes. */
    private static Stopwatch.Lap windows(Connection c, String sql, List<WindowRefresh> windows, boolean markFinal)
            throws Exception {
        Stopwatch watch = Stopwatch.start();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int from = 0; from < windows.size(); from += BATCH) {
                List<WindowRefresh> batch = slice(windows, from);
                SinkStatements.bindWindows(
                        ps,
                        markFinal
                                ? new RefreshBatch(List.of(), batch, "", 0)
                                : new RefreshBatch(batch, List.of(), "", 0));
                ps.executeUpdate();
            }
        }
        c.commit();
        return watch.lap();
    }

    private static <T> List<T> slice(List<T> all, int from) {
        return all.subList(from, Math.min(all.size(), from + BATCH));
    }

    /** Each window once, where the sales first touch it. */
    private static List<WindowRefresh> windowsInTouchOrder(List<Receipt> receipts) {
        Set<WindowRefresh> windows = new LinkedHashSet<>();
        for (Receipt receipt : receipts) {
            long time = receipt.eventTimeMillis();
            for (Duration size : SIZES) {
                long millis = size.toMillis();
                windows.add(new WindowRefresh(
                        Math.toIntExact(size.toMinutes()),
                        time - Math.floorMod(time, millis),
                        receipt.branchId(),
                        false));
            }
        }
        return new ArrayList<>(windows);
    }
}
