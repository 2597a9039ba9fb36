package io.tillstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillstream.local.GeneratedDataset;
import io.tillstream.local.GeneratedFile;
import io.tillstream.local.S3Uploads;
import io.tillstream.local.SalesGenerator;
import io.tillstream.local.SalesTruth;
import io.tillstream.testing.Await;
import io.tillstream.testing.LedgerAssertions;
import io.tillstream.testing.RunningJob;
import io.tillstream.testing.TestConfigs;
import io.tillstream.testing.TestStack;
import io.tillstream.testing.Warehouse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline on real parts: generated till files uploaded over HTTP to an S3 server, the
 * production job on a MiniCluster, exactly-once sinks into a real PostgreSQL. The warehouse must
 * equal the generator's truth exactly, ignore a re-uploaded file, and hold no PII.
 */
class PipelineEndToEndTest {
    private static final String PREFIX = "e2e-generated";

    @Test
    void loadsConcurrentUploadsExactlyOnceIgnoresReuploadsAndStoresNoPii() throws Exception {
        TestStack stack = TestStack.get();
        String jdbcUrl = stack.newDatabase("e2e");
        Warehouse warehouse = new Warehouse(jdbcUrl);
        GeneratedDataset data = new SalesGenerator(20260321L)
                .generate(SalesGenerator.Spec.defaults()
                        .withBranches(6)
                        .withFilesPerBranch(4)
                        .withReceiptsPerFile(40)
                        .withFirstDate(LocalDate.of(2021, 3, 22))
                        .withLegacyFraction(0.25)
                        .withGzipFraction(0.2));
        SalesTruth truth = data.truth();
        String root = "s3://" + TestStack.BUCKET + "/" + PREFIX + "/";

        try (RunningJob job = RunningJob.start(stack, TestConfigs.job(root, jdbcUrl))) {
            uploadConcurrently(root, data.files());

            Await.until(
                    "receipts in the warehouse",
                    () -> warehouse.count("SELECT count(*) FROM sale"),
                    truth.totalReceipts());
            Await.until(
                    "items in the warehouse",
                    () -> warehouse.count("SELECT count(*) FROM sale_item"),
                    truth.totalItems());
            assertMatchesTruth(warehouse, truth);
            assertEveryLineTracedToItsFile(warehouse, root, data.files());
            Await.until(
                    "every file's ledger row complete and balanced",
                    () -> warehouse.count("SELECT count(*) FROM ingest_file") + " files, unbalanced: "
                            + warehouse.rows("SELECT concat_ws(' ', path, complete, lines_read, sales_loaded,"
                                    + " duplicates, rejected, blank_lines) FROM ingest_file WHERE NOT (complete"
                                    + " AND lines_read = sales_loaded AND duplicates = 0 AND rejected = 0"
                                    + " AND blank_lines = 1)"),
                    data.files().size() + " files, unbalanced: []");

            GeneratedFile again = data.files().stream()
                    .filter(GeneratedFile::gzipped)
                    .findFirst()
                    .orElseThrow();
            S3Uploads.put(root + "reupload/" + again.name(), again.content());
            long receiptsInFile = countReceipts(again);
            Await.until(
                    "duplicate sales counted by the dedupe metric",
                    () -> job.metric(TillstreamPipeline.Metric.DUPLICATE_SALES),
                    receiptsInFile);
            Await.until(
                    "the re-upload's ledger row",
                    () -> warehouse.rows("SELECT complete, lines_read, sales_loaded, duplicates, rejected"
                            + " FROM ingest_file WHERE path = '" + root + "reupload/" + again.name() + "'"),
                    List.of(List.of("t", "" + receiptsInFile, "0", "" + receiptsInFile, "0")));
            assertMatchesTruth(warehouse, truth);
        }

        Set<String> pii = new HashSet<>(truth.customerNames());
        pii.addAll(truth.cardNumbers());
        assertEquals(List.of(), warehouse.findAnywhere(pii), "PII found in the warehouse");
        LedgerAssertions.assertLedgerMatchesWarehouse(warehouse);

        assertEquals(
                0,
                warehouse.count("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()"),
                "in-doubt XA transactions left behind");
    }

    private static void uploadConcurrently(String root, List<GeneratedFile> files) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Void>> uploads = new ArrayList<>();
            for (GeneratedFile file : files) {
                uploads.add(pool.submit(() -> {
                    S3Uploads.put(root + file.name(), file.content());
                    return null;
                }));
            }
            for (Future<Void> upload : uploads) {
                upload.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] plain(GeneratedFile file) throws IOException {
        if (!file.gzipped()) {
            return file.content();
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(file.content()))) {
            return in.readAllBytes();
        }
    }

    private static void assertMatchesTruth(Warehouse warehouse, SalesTruth truth) throws Exception {
        assertEquals(truth.totalReceipts(), warehouse.count("SELECT count(*) FROM sale"), "receipts");
        assertEquals(truth.totalItems(), warehouse.count("SELECT count(*) FROM sale_item"), "items");
        assertEquals(truth.totalRevenue(), warehouse.decimal("SELECT sum(total) FROM sale"), "revenue");
        assertEquals(
                truth.receiptsPerBranch(),
                warehouse.map(
                        "SELECT b.name, count(*) FROM sale s JOIN branch b USING (branch_id) GROUP BY b.name",
                        Long.class),
                "receipts per branch");

        Map<String, String> expected = new HashMap<>();
        truth.products()
                .forEach((key, tally) -> expected.put(
                        String.join("|", key.branch(), key.product(), key.size(), key.flavour()),
                        tally.count() + " / " + tally.revenue()));
        assertEquals(
                expected,
                warehouse.map(
                        "SELECT concat_ws('|', b.name, p.name, p.size, p.flavour), count(*) || ' / ' || sum(i.price)"
                                + " FROM sale_item i JOIN sale s USING (sale_id) JOIN branch b USING (branch_id)"
                                + " JOIN product p USING (product_id) GROUP BY 1",
                        String.class),
                "items and revenue per branch and product");
        assertEquals(
                BigDecimal.ZERO.setScale(2),
                warehouse.decimal("SELECT coalesce(sum(s.total - i.sum), 0) FROM sale s JOIN"
                        + " (SELECT sale_id, sum(price) AS sum FROM sale_item GROUP BY sale_id) i USING (sale_id)"),
                "every sale's total equals its items");
        assertEquals(
                List.of(List.of(
                        "" + truth.cardReceipts(), "" + truth.cardNumbers().size())),
                warehouse.rows("SELECT count(customer_key), count(DISTINCT customer_key) FROM sale"),
                "one pseudonym per card: card receipts, and the distinct customers among them");
        assertTrue(truth.returningCustomerDays() > 0, "some customers came back another day");
        assertEquals(
                List.of(List.of("" + truth.newCustomerDays(), "" + truth.returningCustomerDays())),
                warehouse.rows("SELECT sum(new_customers), sum(returning_customers) FROM customer_visits_daily"),
                "new and returning customers per branch and day");
    }

    /** Each sale records the file and line it came from: lines 1..n of every file, plain or gzipped. */
    private static void assertEveryLineTracedToItsFile(Warehouse warehouse, String root, List<GeneratedFile> files)
            throws Exception {
        Map<String, String> expected = new HashMap<>();
        for (GeneratedFile file : files) {
            long receipts = countReceipts(file);
            expected.put(root + file.name(), receipts + " lines 1.." + receipts);
        }
        assertEquals(
                expected,
                warehouse.map(
                        "SELECT source_file, count(DISTINCT source_line) || ' lines ' || min(source_line) || '..'"
                                + " || max(source_line) FROM sale GROUP BY source_file",
                        String.class));
    }

    private static long countReceipts(GeneratedFile file) throws IOException {
        return new String(plain(file), StandardCharsets.UTF_8)
                .lines()
                .filter(line -> !line.isBlank())
                .count();
    }
}
