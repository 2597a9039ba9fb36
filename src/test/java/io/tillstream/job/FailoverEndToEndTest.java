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
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The warehouse connections die under the running job, again and again, while it loads: each time
 * its tasks fail, Flink restarts them from the last checkpoint and the XA sinks recover. In the end
 * every sale is there exactly once and the ledger balances.
 */
class FailoverEndToEndTest {

    @Test
    void killedWarehouseConnectionsNeitherLoseNorDoubleASale() throws Exception {
        TestStack stack = TestStack.get();
        String jdbcUrl = stack.newDatabase("failover");
        Warehouse warehouse = new Warehouse(jdbcUrl);
        GeneratedDataset data = new SalesGenerator(5L)
                .generate(SalesGenerator.Spec.defaults()
                        .withBranches(4)
                        .withFilesPerBranch(4)
                        .withReceiptsPerFile(400)
                        .withFirstDate(LocalDate.of(2021, 5, 3)));
        SalesTruth truth = data.truth();
        String root = "s3://" + TestStack.BUCKET + "/failover/";
        String database = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);

        try (RunningJob job =
                RunningJob.start(stack, TestConfigs.job(root, jdbcUrl, Map.of(Setting.CHECKPOINT_INTERVAL, "500ms")))) {
            for (GeneratedFile file : data.files()) {
                S3Uploads.put(root + file.name(), file.content());
            }
            // kill the job's connections until its tasks have failed and been restarted twice
            Await.until(
                    "two restarts after killed connections",
                    () -> {
                        warehouse.rows("SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity"
                                + " WHERE datname = '" + database + "' AND pid <> pg_backend_pid()");
                        return job.restarts() >= 2;
                    },
                    true);
            Await.until(
                    "every sale loaded despite the failures",
                    () -> warehouse.count("SELECT count(*) FROM sale"),
                    truth.totalReceipts(),
                    Duration.ofMinutes(3));
            Await.until(
                    "every file's ledger row complete",
                    () -> warehouse.count("SELECT count(*) FROM ingest_file WHERE complete"),
                    (long) data.files().size(),
                    Duration.ofMinutes(2));
        }

        assertEquals(truth.totalItems(), warehouse.count("SELECT count(*) FROM sale_item"), "items");
        assertEquals(truth.totalRevenue(), warehouse.decimal("SELECT sum(total) FROM sale"), "revenue");
        assertEquals(
                truth.totalReceipts(),
                warehouse.count("SELECT sum(sales_loaded) + sum(duplicates) FROM ingest_file"),
                "the ledger counts each line once");
        LedgerAssertions.assertLedgerMatchesWarehouse(warehouse);

        assertEquals(
                0,
                warehouse.count("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()"),
                "in-doubt XA transactions left behind");
    }
}
