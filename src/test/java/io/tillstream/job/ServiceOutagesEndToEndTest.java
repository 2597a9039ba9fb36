package io.tillstream.job;

import io.tillstream.testing.Await;
import io.tillstream.testing.RestartablePostgres;
import io.tillstream.testing.RunningJob;
import io.tillstream.testing.TestStack;
import io.tillstream.testing.TruthfulLoad;
import io.tillstream.testing.Warehouse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services the job depends on go away mid-load, at parallelism 2, for longer than a
 * checkpoint interval, and come back. Flink restarts the job from its last checkpoint until they
 * answer again; no one intervenes, and every table ends equal to the truth.
 */
class ServiceOutagesEndToEndTest {
    private static final Duration OUTAGE = Duration.ofSeconds(4);
    private static final Duration LOAD = Duration.ofMinutes(2);

    @Test
    void postgresRestartedOnTheSameDataDirectory(@TempDir Path data) throws Exception {
        TestStack stack = TestStack.get();
        TruthfulLoad load = TruthfulLoad.generate(29L, 2, 3, 60, "pg-restart");
        try (RestartablePostgres postgres = RestartablePostgres.start(data.resolve("pg"))) {
            String jdbcUrl = postgres.newDatabase("pg_restart");
            Warehouse warehouse = new Warehouse(jdbcUrl);

            try (RunningJob job = RunningJob.start(stack, load.config(jdbcUrl, 2))) {
                load.uploadNext(3);
                Await.until("the first sales committed", () -> warehouse.count("SELECT count(*) FROM sale") > 0, true);
                postgres.stop();
                load.uploadNext(2);
                Await.sleep(OUTAGE);
                postgres.start();
                Await.until("the job restarted", () -> job.restarts() >= 1, true);
                load.uploadRest();
                load.awaitLoaded(warehouse, LOAD);
            }

            load.assertWarehouseExact(warehouse);
        }
    }

    @Test
    void s3EndpointDownForLongerThanACheckpointInterval() throws Exception {
        TestStack stack = TestStack.get();
        String jdbcUrl = stack.newDatabase("s3_outage");
        Warehouse warehouse = new Warehouse(jdbcUrl);
        TruthfulLoad load = TruthfulLoad.generate(31L, 2, 3, 60, "s3-outage");

        try (RunningJob job = RunningJob.start(stack, load.config(jdbcUrl, 2))) {
            load.uploadNext(3);
            Await.until("the first sales committed", () -> warehouse.count("SELECT count(*) FROM sale") > 0, true);
            stack.stopS3();
            try {
                Await.sleep(OUTAGE);
            } finally {
                stack.startS3();
            }
            load.uploadRest();
            load.awaitLoaded(warehouse, LOAD);
        }

        load.assertWarehouseExact(warehouse);
    }
}
