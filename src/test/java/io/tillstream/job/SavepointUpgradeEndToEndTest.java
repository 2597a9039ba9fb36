package io.tillstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade as the data team does it: stop-with-savepoint while files are being loaded, start
 * again from the savepoint, go on uploading. Nothing may be lost or counted twice: sales, items
 * and revenue equal the truth, every ledger row balances once, a file re-uploaded after the
 * restart is recognised from the restored dedupe state, and no XA transaction is left in doubt.
 */
class SavepointUpgradeEndToEndTest {

    @Test
    void stopWithSavepointMidLoadAndRestoreLosesAndDoublesNothing(@TempDir Path savepoints) throws Exception {
        TestStack stack = TestStack.get();
        String jdbcUrl = stack.newDatabase("upgrade");
        Warehouse warehouse = new Warehouse(jdbcUrl);
        GeneratedDataset data = new SalesGenerator(7L)
                .generate(SalesGenerator.Spec.defaults()
                        .withBranches(4)
                        .withFilesPerBranch(6)
                        .withReceiptsPerFile(150)
                        .withFirstDate(LocalDate.of(2021, 4, 5))
                        .withLegacyFraction(0.25)
                        .withGzipFraction(0.25));
        SalesTruth truth = data.truth();
        List<GeneratedFile> files = data.files();
        List<GeneratedFile> before = files.subList(0, files.size() / 2);
        List<GeneratedFile> after = files.subList(files.size() / 2, files.size());
        String root = "s3://" + TestStack.BUCKET + "/upgrade/";
        TillstreamConfig config = TestConfigs.job(root, jdbcUrl);

        String savepoint;
        try (RunningJob job = RunningJob.start(stack, config)) {
            for (GeneratedFile file : before) {
                S3Uploads.put(root + file.name(), file.content());
            }
            Await.until("the first sales committed", () -> warehouse.count("SELECT count(*) FROM sale") > 0, true);
            savepoint = job.stopWithSavepoint(savepoints);
        }

        try (RunningJob job = RunningJob.start(stack, config, savepoint)) {
            for (GeneratedFile file : after) {
                S3Uploads.put(root + file.name(), file.content());
            }
            S3Uploads.put(root + "again/" + before.get(0).name(), before.get(0).content());
            Await.until(
                    "every file's ledger row complete",
                    () -> warehouse.count("SELECT count(*) FROM ingest_file WHERE complete"),
                    (long) files.size() + 1);
            Await.until("all receipts", () -> warehouse.count("SELECT count(*) FROM sale"), truth.totalReceipts());
        }

        assertEquals(truth.totalItems(), warehouse.count("SELECT count(*) FROM sale_item"), "items");
        assertEquals(truth.totalRevenue(), warehouse.decimal("SELECT sum(total) FROM sale"), "revenue");
        assertEquals(
                List.of(List.of("" + truth.totalReceipts(), "" + truth.totalReceipts(), "0")),
                warehouse.rows("SELECT sum(lines_read), sum(sales_loaded), sum(rejected) FROM ingest_file"
                        + " WHERE path NOT LIKE '%/again/%'"),
                "ledger of the original files: every line loaded exactly once");
        assertEquals(
                warehouse.count("SELECT lines_read FROM ingest_file WHERE path = '" + root
                        + before.get(0).name() + "'"),
                warehouse.count("SELECT duplicates FROM ingest_file WHERE path LIKE '%/again/%'"),
                "the file re-uploaded after the restore is all duplicates");
        LedgerAssertions.assertLedgerMatchesWarehouse(warehouse);

        assertEquals(
                BigDecimal.ZERO.setScale(2),
                warehouse.decimal("SELECT coalesce(sum(s.total - i.sum), 0)"
                        + " FROM sale s JOIN (SELECT sale_id, sum(price) AS sum FROM sale_item GROUP BY sale_id) i"
                        + " USING (sale_id)"));
        assertEquals(
                0,
                warehouse.count("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()"),
                "in-doubt XA transactions left behind");
    }
}
