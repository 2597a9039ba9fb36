package io.tillstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillstream.local.EmbeddedWarehouse;
import io.tillstream.local.GeneratedDataset;
import io.tillstream.local.GeneratedFile;
import io.tillstream.local.S3Uploads;
import io.tillstream.local.SalesGenerator;
import io.tillstream.source.TillFileFormat;
import io.tillstream.testing.Await;
import io.tillstream.testing.LedgerAssertions;
import io.tillstream.testing.RunningJob;
import io.tillstream.testing.TestConfigs;
import io.tillstream.testing.TestStack;
import io.tillstream.testing.Warehouse;
import io.tillstream.warehouse.SchemaMigrations;
import io.tillstream.warehouse.WarehouseSinks;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade from the job's earlier source, Flink's continuous FileSource, to the bounded one:
 * stop the old job with a savepoint, start the new one from it. The new source reads the old
 * source's state (the paths it had read), so nothing is read twice and nothing is missed.
 */
class FileSourceUpgradeEndToEndTest {

    @Test
    void theBoundedSourceTakesOverAFileSourceSavepointWithoutReadingAnythingAgain(@TempDir Path savepoints)
            throws Exception {
        TestStack stack = TestStack.get();
        String jdbcUrl = stack.newDatabase("from_filesource");
        Warehouse warehouse = new Warehouse(jdbcUrl);
        GeneratedDataset data = new SalesGenerator(31L)
                .generate(SalesGenerator.Spec.defaults()
                        .withBranches(3)
                        .withFilesPerBranch(2)
                        .withReceiptsPerFile(30)
                        .withFirstDate(LocalDate.of(2026, 11, 1)));
        List<GeneratedFile> files = data.files();
        List<GeneratedFile> before = files.subList(0, files.size() / 2);
        List<GeneratedFile> after = files.subList(files.size() / 2, files.size());
        String root = "s3://" + TestStack.BUCKET + "/from-filesource/";
        TillstreamConfig config = TestConfigs.job(root, jdbcUrl);
        for (GeneratedFile file : before) {
            S3Uploads.put(root + file.name(), file.content());
        }

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(config.parallelism(), stack.flinkConfiguration());
        SchemaMigrations.apply(jdbcUrl, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD);
        TillstreamJob.configure(env, config);
        TillstreamPipeline.build(
                env,
                config,
                FileSource.forBulkFileFormat(new TillFileFormat(), new org.apache.flink.core.fs.Path(root))
                        .monitorContinuously(Duration.ofMillis(500))
                        .build(),
                WarehouseSinks.exactlyOnce(
                        jdbcUrl, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD, config.timeZone()));
        JobClient old = env.executeAsync(TillstreamJob.JOB_NAME);
        Await.until(
                "the old job loaded the first half",
                () -> warehouse.count("SELECT count(*) FROM ingest_file WHERE complete"),
                (long) before.size());
        String savepoint = old.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(120, TimeUnit.SECONDS);

        try (RunningJob job = RunningJob.start(stack, config, savepoint)) {
            for (GeneratedFile file : after) {
                S3Uploads.put(root + file.name(), file.content());
            }
            Await.until(
                    "every file loaded",
                    () -> warehouse.count("SELECT count(*) FROM ingest_file WHERE complete"),
                    (long) files.size());
            // more listings of the old files, now by the new source
            Await.sleep(Duration.ofSeconds(3));
            LedgerAssertions.assertLedgerMatchesWarehouse(warehouse);
        }

        assertEquals(
                List.of(List.of("" + files.size(), "" + data.truth().totalReceipts(), "0")),
                warehouse.rows("SELECT count(*), sum(sales_loaded), sum(duplicates) FROM ingest_file"),
                "every file read once, by the old job or the new one");
    }
}
