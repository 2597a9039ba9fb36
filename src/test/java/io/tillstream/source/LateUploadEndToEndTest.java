package io.tillstream.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillstream.job.Setting;
import io.tillstream.job.TillstreamConfig;
import io.tillstream.local.GeneratedDataset;
import io.tillstream.local.GeneratedFile;
import io.tillstream.local.S3Uploads;
import io.tillstream.local.SalesGenerator;
import io.tillstream.testing.Await;
import io.tillstream.testing.LedgerAssertions;
import io.tillstream.testing.RunningJob;
import io.tillstream.testing.TestConfigs;
import io.tillstream.testing.TestStack;
import io.tillstream.testing.Warehouse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery with bounded state, end to end: S3 over HTTP, the production job on a MiniCluster,
 * the warehouse's ledger as the witness of what was read.
 */
class LateUploadEndToEndTest {
    private static final String TODAY = Partition.of(Instant.now());
    private static final String YESTERDAY = Partition.of(Instant.now().minus(Duration.ofDays(1)));

    private static GeneratedDataset data(long seed, int branches, int filesPerBranch) {
        return new SalesGenerator(seed)
                .generate(SalesGenerator.Spec.defaults()
                        .withBranches(branches)
                        .withFilesPerBranch(filesPerBranch)
                        .withReceiptsPerFile(30)
                        .withFirstDate(LocalDate.of(2026, 11, 1)));
    }

    @Test
    void aLateUploadIntoAnOldPartitionWithinTheToleranceIsLoadedAndOneBeyondItIsReported() throws Exception {
        TestStack stack = TestStack.get();
        String jdbcUrl = stack.newDatabase("late");
        Warehouse warehouse = new Warehouse(jdbcUrl);
        List<GeneratedFile> files = data(21L, 3, 1).files();
        String key = "late/";
        String root = "s3://" + TestStack.BUCKET + "/" + key;
        TillstreamConfig config = TestConfigs.job(root, jdbcUrl, Map.of(Setting.LATE_TOLERANCE, "1h"));
        String onTime = key + TODAY + "/" + files.get(0).name();
        String late = key + YESTERDAY + "/" + files.get(1).name();
        String tooLate = key + YESTERDAY + "/" + files.get(2).name();

        try (RunningJob job = RunningJob.start(stack, config)) {
            S3Uploads.put(
                    "s3://" + TestStack.BUCKET + "/" + onTime, files.get(0).content());
            Await.until("the first file loaded", () -> complete(warehouse), 1L);
            Instant now = Instant.now();
            stack.putModifiedAt(late, files.get(1).content(), now.minus(Duration.ofMinutes(50)));
            stack.putModifiedAt(tooLate, files.get(2).content(), now.minus(Duration.ofMinutes(90)));
            Await.until("a ledger row for every file", () -> complete(warehouse), 3L);
            LedgerAssertions.assertLedgerMatchesWarehouse(warehouse);
        }

        assertEquals(
                List.of(List.of("0", "", "0")),
                warehouse.rows(
                        "SELECT rejected, read_error, duplicates FROM ingest_file WHERE path LIKE '%/" + late + "'"),
                "the late file within the tolerance loaded in full");
        List<List<String>> reported =
                warehouse.rows("SELECT sales_loaded, read_error FROM ingest_file WHERE path LIKE '%/" + tooLate + "'");
        assertEquals("0", reported.get(0).get(0), "the too-late file not read");
        assertTrue(reported.get(0).get(1).startsWith("TOO_LATE_UPLOAD"), reported.toString());
        assertEquals(
                warehouse.count("SELECT sum(sales_loaded) FROM ingest_file WHERE path NOT LIKE '%/" + tooLate + "'"),
                warehouse.count("SELECT count(*) FROM sale"),
                "every sale from the two files read");
        assertTrue(warehouse.count("SELECT count(*) FROM sale") > 0);
    }

    @Test
    void listingAgainAfterARestoreAndARescaleReadsNothingTwice(@TempDir Path savepoints) throws Exception {
        TestStack stack = TestStack.get();
        String jdbcUrl = stack.newDatabase("relist");
        Warehouse warehouse = new Warehouse(jdbcUrl);
        GeneratedDataset data = data(22L, 4, 3);
        List<GeneratedFile> files = data.files();
        List<GeneratedFile> before = files.subList(0, files.size() / 2);
        List<GeneratedFile> after = files.subList(files.size() / 2, files.size());
        String root = "s3://" + TestStack.BUCKET + "/relist/";

        String savepoint;
        TillstreamConfig single = TestConfigs.job(root, jdbcUrl, Map.of(Setting.PARALLELISM, "1"));
        try (RunningJob job = RunningJob.start(stack, single)) {
            for (int i = 0; i < before.size(); i++) {
                // a flat prefix and the partitioned layout side by side, as during a migration
                String folder = i % 2 == 0 ? TODAY + "/" : "";
                S3Uploads.put(
                        root + folder + before.get(i).name(), before.get(i).content());
            }
            Await.until("the first half loaded", () -> complete(warehouse), (long) before.size());
            savepoint = job.stopWithSavepoint(savepoints);
        }

        TillstreamConfig rescaled = TestConfigs.job(root, jdbcUrl, Map.of(Setting.PARALLELISM, "2"));
        try (RunningJob job = RunningJob.start(stack, rescaled, savepoint)) {
            for (GeneratedFile file : after) {
                S3Uploads.put(root + TODAY + "/" + file.name(), file.content());
            }
            Await.until("every file loaded", () -> complete(warehouse), (long) files.size());
            // several more listings of the whole prefix, old files included
            Await.sleep(Duration.ofSeconds(3));
            Await.until("still every file once", () -> complete(warehouse), (long) files.size());
            LedgerAssertions.assertLedgerMatchesWarehouse(warehouse);
        }

        assertEquals(
                List.of(List.of(
                        "" + files.size(),
                        "" + data.truth().totalReceipts(),
                        "" + data.truth().totalReceipts(),
                        "0")),
                warehouse.rows("SELECT count(*), sum(lines_read), sum(sales_loaded), sum(duplicates) FROM ingest_file"),
                "each file's lines read once: none counted as a duplicate of an earlier reading");
        assertEquals(data.truth().totalReceipts(), warehouse.count("SELECT count(*) FROM sale"));
    }

    private static long complete(Warehouse warehouse) throws Exception {
        return warehouse.count("SELECT count(*) FROM ingest_file WHERE complete");
    }
}
