package io.tillstream.job;

import io.tillstream.testing.Await;
import io.tillstream.testing.RunningJob;
import io.tillstream.testing.TestStack;
import io.tillstream.testing.TruthfulLoad;
import io.tillstream.testing.Warehouse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rescaling as the data team does it: stop-with-savepoint mid-load, start from the savepoint at
 * another parallelism, in both directions (2 → 1 → 3). The sinks' writer states of two subtasks
 * meet in one at parallelism 1, which flink-connector-jdbc alone refuses; afterwards every table
 * equals the truth.
 */
class RescaleEndToEndTest {

    @Test
    void rescaledTwoToOneToThreeMidLoadEveryTableExact(@TempDir Path savepoints) throws Exception {
        TestStack stack = TestStack.get();
        String jdbcUrl = stack.newDatabase("rescale");
        Warehouse warehouse = new Warehouse(jdbcUrl);
        TruthfulLoad load = TruthfulLoad.generate(13L, 3, 4, 80, "rescale");

        String savepoint;
        try (RunningJob job = RunningJob.start(stack, load.config(jdbcUrl, 2))) {
            load.uploadNext(4);
            Await.until("the first sales committed", () -> warehouse.count("SELECT count(*) FROM sale") > 0, true);
            savepoint = job.stopWithSavepoint(savepoints);
        }
        try (RunningJob job = RunningJob.start(stack, load.config(jdbcUrl, 1), savepoint)) {
            load.uploadNext(4);
            Await.until(
                    "more files complete at parallelism 1",
                    () -> warehouse.count("SELECT count(*) FROM ingest_file WHERE complete") >= 5,
                    true);
            savepoint = job.stopWithSavepoint(savepoints);
        }
        try (RunningJob job = RunningJob.start(stack, load.config(jdbcUrl, 3), savepoint)) {
            load.uploadRest();
            load.awaitLoaded(warehouse, Duration.ofMinutes(2));
        }

        load.assertWarehouseExact(warehouse);
    }
}
