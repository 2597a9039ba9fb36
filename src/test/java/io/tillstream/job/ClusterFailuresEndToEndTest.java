package io.tillstream.job;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillstream.testing.Await;
import io.tillstream.testing.FlinkCluster;
import io.tillstream.testing.FrozenBackends;
import io.tillstream.testing.RunningJob;
import io.tillstream.testing.TestStack;
import io.tillstream.testing.TruthfulLoad;
import io.tillstream.testing.Warehouse;
import java.time.Duration;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.Test;

/**
 * Parts of the Flink cluster fail mid-load, at parallelism 2, at the worst moment: while a sink's
 * transaction is prepared and not yet committed (the warehouse's backends are paused there). No
 * one intervenes; afterwards every table equals the truth and nothing is left in doubt.
 */
class ClusterFailuresEndToEndTest {
    private static final Duration LOAD = Duration.ofMinutes(2);

    /** Flink restarts the job's tasks on the TaskManagers left, from the last checkpoint, same job id. */
    @Test
    void taskManagerKilledBetweenPrepareAndCommit() throws Exception {
        TestStack stack = TestStack.get();
        String jdbcUrl = stack.newDatabase("tm_failure");
        Warehouse warehouse = new Warehouse(jdbcUrl);
        TruthfulLoad load = TruthfulLoad.generate(19L, 2, 3, 60, "tm-failure");

        try (FlinkCluster cluster = FlinkCluster.start(stack, 2)) {
            RunningJob job = cluster.submit(load.config(jdbcUrl, 2), null);
            load.uploadNext(3);
            Await.until("the first sales committed", () -> warehouse.count("SELECT count(*) FROM sale") > 0, true);
            try (FrozenBackends frozen = FrozenBackends.whilePrepared(warehouse, LOAD)) {
                assertTrue(frozen.prepared() > 0);
                cluster.killTaskManager(0, frozen);
            }
            Await.until("the job restarted", () -> job.restarts() >= 1, true, Duration.ofSeconds(30));
            load.uploadRest();
            load.awaitLoaded(warehouse, LOAD);
            job.close();
        }

        load.assertWarehouseExact(warehouse);
    }

    /**
     * The whole cluster goes, JobManager included; the job is submitted again (a new job id) from
     * the newest checkpoint it retained, as docs/operations.md says to.
     */
    @Test
    void jobRestoredFromItsLatestRetainedCheckpointAfterTheJobManagerFailed() throws Exception {
        TestStack stack = TestStack.get();
        String jdbcUrl = stack.newDatabase("jm_failure");
        Warehouse warehouse = new Warehouse(jdbcUrl);
        TruthfulLoad load = TruthfulLoad.generate(23L, 2, 3, 60, "jm-failure");

        JobID failed;
        try (FlinkCluster cluster = FlinkCluster.start(stack, 2)) {
            RunningJob job = cluster.submit(load.config(jdbcUrl, 2), null);
            failed = job.id();
            load.uploadNext(3);
            Await.until("the first sales committed", () -> warehouse.count("SELECT count(*) FROM sale") > 0, true);
            try (FrozenBackends frozen = FrozenBackends.whilePrepared(warehouse, LOAD)) {
                assertTrue(frozen.prepared() > 0);
                cluster.crash(frozen);
                job.abandon();
            }
        }

        try (FlinkCluster again = FlinkCluster.start(stack, 2);
                RunningJob restored =
                        again.submit(load.config(jdbcUrl, 2), FlinkCluster.latestCheckpoint(stack, failed))) {
            load.uploadRest();
            load.awaitLoaded(warehouse, LOAD);
        }

        load.assertWarehouseExact(warehouse);
    }
}
