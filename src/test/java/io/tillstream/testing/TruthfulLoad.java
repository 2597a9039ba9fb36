package io.tillstream.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillstream.job.Setting;
import io.tillstream.job.TillstreamConfig;
import io.tillstream.local.GeneratedDataset;
import io.tillstream.local.GeneratedFile;
import io.tillstream.local.S3Uploads;
import io.tillstream.local.SalesGenerator;
import io.tillstream.local.SalesTruth;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A small generated load with its truth, uploaded in slices while a job runs, and the check that
 * every table of the warehouse equals that truth afterwards: what the fault, rescale and upgrade
 * tests share. Files go up day by day across branches (as tills upload), and one extra file holds
 * a row the parser must reject, so the rejection table is checked too.
 */
public final class TruthfulLoad {
    /** Its total does not match its price: rejected with TOTAL_MISMATCH. */
    private static final String REJECTED_LINE =
            "07/06/2021 10:00,Chesterfield,Ann Example,Large Latte - 2.45,2.50,CARD,1234123412341234\n";

    private static final GeneratedFile REJECTING_FILE =
            new GeneratedFile("chesterfield_07-06-2021_10-00-00.csv", REJECTED_LINE.getBytes(StandardCharsets.UTF_8));

    private final List<GeneratedFile> files;
    private final SalesTruth truth;
    private final String root;
    private int uploaded;

    private TruthfulLoad(List<GeneratedFile> files, SalesTruth truth, String root) {
        this.files = files;
        this.truth = truth;
        this.root = root;
    }

    /** {@code branches} × {@code days} files of {@code receipts} each, plus the rejecting file, under {@code prefix}. */
    public static TruthfulLoad generate(long seed, int branches, int days, int receipts, String prefix) {
        GeneratedDataset data = new SalesGenerator(seed)
                .generate(SalesGenerator.Spec.defaults()
                        .withBranches(branches)
                        .withFilesPerBranch(days)
                        .withReceiptsPerFile(receipts)
                        .withFirstDate(LocalDate.of(2021, 6, 7))
                        .withLegacyFraction(0.25)
                        .withGzipFraction(0.25));
        List<GeneratedFile> generated = data.files();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < generated.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> i % days).thenComparingInt(i -> i / days));
        List<GeneratedFile> files = new ArrayList<>();
        order.forEach(i -> files.add(generated.get(i)));
        files.add(REJECTING_FILE);
        return new TruthfulLoad(List.copyOf(files), data.truth(), "s3://" + TestStack.BUCKET + "/" + prefix + "/");
    }

    public String root() {
        return root;
    }

    public int fileCount() {
        return files.size();
    }

    public List<GeneratedFile> files() {
        return files;
    }

    /** Uploads the next {@code count} files (fewer if fewer remain). */
    public void uploadNext(int count) throws Exception {
        int end = Math.min(files.size(), uploaded + count);
        for (GeneratedFile file : files.subList(uploaded, end)) {
            S3Uploads.put(root + file.name(), file.content());
        }
        uploaded = end;
    }

    public void uploadRest() throws Exception {
        uploadNext(files.size());
    }

    /** The test configuration for this load at {@code parallelism}. */
    public TillstreamConfig config(String jdbcUrl, int parallelism, Map<Setting, String> changes) {
        return config(root, jdbcUrl, parallelism, changes);
    }

    /** The same for files under {@code root}. */
    public static TillstreamConfig config(String root, String jdbcUrl, int parallelism, Map<Setting, String> changes) {
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        settings.put(Setting.PARALLELISM, "" + parallelism);
        settings.putAll(changes);
        return TestConfigs.job(root, jdbcUrl, settings);
    }

    public TillstreamConfig config(String jdbcUrl, int parallelism) {
        return config(jdbcUrl, parallelism, Map.of());
    }

    /**
     * Waits until the whole load is committed: every file's ledger row complete, every sale there,
     * and every window equal to the truth.
     */
    public void awaitLoaded(Warehouse warehouse, Duration timeout) throws Exception {
        Await.until(
                "every file's ledger row complete",
                () -> warehouse.count("SELECT count(*) FROM ingest_file WHERE complete"),
                (long) files.size(),
                timeout);
        Await.until(
                "every sale loaded",
                () -> warehouse.count("SELECT count(*) FROM sale"),
                truth.totalReceipts(),
                timeout);
        Await.until("windows equal to the truth", () -> windowMismatches(warehouse), List.of(), timeout);
    }

    /**
     * Every table equals the truth: sales, items and revenue; one row per branch and per product;
     * each window's figures equal a GROUP BY over sale_item; the ledger counts each line once and balances; the one bad row is the
     * one rejection; and no XA transaction is left in doubt.
     */
    public void assertWarehouseExact(Warehouse warehouse) throws Exception {
        assertEquals(truth.totalReceipts(), warehouse.count("SELECT count(*) FROM sale"), "sales");
        assertEquals(truth.totalItems(), warehouse.count("SELECT count(*) FROM sale_item"), "items");
        assertEquals(truth.totalRevenue(), warehouse.decimal("SELECT sum(total) FROM sale"), "revenue");
        assertEquals(
                (long) truth.receiptsPerBranch().size(), warehouse.count("SELECT count(*) FROM branch"), "branches");
        assertEquals(
                truth.products().keySet().stream()
                        .map(k -> List.of(k.product(), k.size(), k.flavour()))
                        .distinct()
                        .count(),
                warehouse.count("SELECT count(*) FROM product"),
                "products");
        assertEquals(
                0,
                warehouse.count("SELECT count(*) FROM sale s WHERE total <> (SELECT sum(price) FROM sale_item i"
                        + " WHERE i.sale_id = s.sale_id)"),
                "every sale's items add up to its total");
        assertEquals(List.of(), windowMismatches(warehouse), "windows against a GROUP BY over sale_item");
        assertTrue(warehouse.count("SELECT count(*) FROM product_sales_window") > 0, "windows were written");
        long lines = truth.totalReceipts() + 1;
        assertEquals(
                List.of(List.of(
                        "" + files.size(), "" + lines, "" + truth.totalReceipts(), "0", "1", "" + files.size())),
                warehouse.rows("SELECT count(*), sum(lines_read), sum(sales_loaded), sum(duplicates), sum(rejected),"
                        + " count(*) FILTER (WHERE complete AND read_to_end) FROM ingest_file"),
                "ledger: files, lines read, loaded, duplicates, rejected, complete");
        assertEquals(
                List.of(List.of(root + REJECTING_FILE.name(), "1", "TOTAL_MISMATCH")),
                warehouse.rows("SELECT source_file, source_line, reason_code FROM rejected_row"),
                "the one bad row is the one rejection");
        assertEquals(
                0,
                warehouse.count("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()"),
                "in-doubt XA transactions left behind");
        LedgerAssertions.assertLedgerMatchesWarehouse(warehouse);
    }

    /** Windows of both sizes that differ from a GROUP BY over sale_item. */
    public static List<List<String>> windowMismatches(Warehouse warehouse) throws Exception {
        return new ProductFigures(warehouse).windowMismatches();
    }
}
