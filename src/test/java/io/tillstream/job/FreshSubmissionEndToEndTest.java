package io.tillstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillstream.testing.Await;
import io.tillstream.testing.InDoubt;
import io.tillstream.testing.RunningJob;
import io.tillstream.testing.TestStack;
import io.tillstream.testing.TruthfulLoad;
import io.tillstream.testing.Warehouse;
import io.tillstream.warehouse.WarehouseChecks;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.Test;

/**
 * A job submitted fresh (no savepoint, new job id) over a warehouse where an earlier job left
 * prepared transactions, as a job killed between prepare and commit does. They hold row locks the
 * new job's statements wait on; the connector's recovery only knows its own job id, so without
 * main() rolling them back the new job stalls. Another application's prepared transaction in the
 * same database is left alone.
 */
class FreshSubmissionEndToEndTest {

    @Test
    void staleTransactionsOfAnEarlierJobAreRolledBackAndEveryTableIsExact() throws Exception {
        TestStack stack = TestStack.get();
        String jdbcUrl = stack.newDatabase("fresh");
        Warehouse warehouse = new Warehouse(jdbcUrl);
        TruthfulLoad load = TruthfulLoad.generate(17L, 2, 3, 60, "fresh");

        JobID earlier;
        try (RunningJob job = RunningJob.start(stack, load.config(jdbcUrl, 2))) {
            earlier = job.id();
            load.uploadNext(3);
            Await.until(
                    "three files loaded", () -> warehouse.count("SELECT count(*) FROM ingest_file WHERE complete"), 3L);
        }
        String aSale = warehouse.rows("SELECT sale_id FROM sale LIMIT 1").get(0).get(0);
        // were these committed instead of rolled back, a sale would lose its items and the ledger its counts
        InDoubt.prepare(
                jdbcUrl,
                1,
                earlier,
                41,
                "UPDATE sale SET total = total WHERE sale_id = '" + aSale + "'",
                "DELETE FROM sale_item WHERE sale_id = '" + aSale + "'");
        InDoubt.prepare(jdbcUrl, 5, earlier, 41, "UPDATE ingest_file_stream SET complete = false");
        InDoubt.prepare(
                jdbcUrl,
                new InDoubt.SimpleXid(7, "another-application".getBytes(StandardCharsets.UTF_8), new byte[] {1}),
                "SELECT 1");

        try (RunningJob job = RunningJob.start(stack, load.config(jdbcUrl, 2))) {
            load.uploadRest();
            load.awaitLoaded(warehouse, Duration.ofMinutes(2));
            // awaited, not read once: on a loaded machine the earlier job's backends may still be exiting
            Await.until(
                    "fewer connections than the start-up check asks the server for ("
                            + WarehouseChecks.connectionsNeeded(2) + ")",
                    () -> warehouse.count("SELECT count(*) FROM pg_stat_activity"
                                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()")
                            < WarehouseChecks.connectionsNeeded(2),
                    true,
                    Duration.ofSeconds(30));
        }

        assertEquals(
                List.of(List.of("7_YW5vdGhlci1hcHBsaWNhdGlvbg==_AQ==")),
                warehouse.rows("SELECT gid FROM pg_prepared_xacts WHERE database = current_database()"),
                "only the other application's prepared transaction is left");
        try (Connection c = warehouse.connect();
                Statement s = c.createStatement()) {
            s.execute("ROLLBACK PREPARED '7_YW5vdGhlci1hcHBsaWNhdGlvbg==_AQ=='");
        }
        load.assertWarehouseExact(warehouse);
    }
}
