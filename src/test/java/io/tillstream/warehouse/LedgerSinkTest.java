package io.tillstream.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillstream.ledger.IngestFileRow;
import io.tillstream.local.EmbeddedWarehouse;
import io.tillstream.testing.TestStack;
import io.tillstream.testing.Warehouse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The ledger's exactly-once sink on a real PostgreSQL, for what the ledger function emits. */
class LedgerSinkTest {
    private static final String LEEDS = "s3://tills/in/leeds_23-03-2021_09-00-00.csv";
    private static final long NINE = 1_616_490_000_000L;

    @Test
    void aFilesLoadingRowAndItsCompleteRowInOneBatchLeaveTheCompleteOne() throws Exception {
        String url = TestStack.get().newDatabase("ledger_sink_batch");
        SchemaMigrations.apply(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD);
        IngestFileRow loading = new IngestFileRow(LEEDS, -1, -1, NINE, 3, 0, 0, 3, 0, 0, NINE, NINE, false, false, "");
        IngestFileRow complete =
                new IngestFileRow(LEEDS, 120, NINE, NINE, 4, 0, 0, 3, 0, 1, NINE, NINE, true, true, "");

        // a refused batch fails the job at once, with PostgreSQL's reason, instead of restarting it
        // until the timeout below
        Configuration flink = TestStack.get().flinkConfiguration();
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, flink);
        env.enableCheckpointing(Duration.ofSeconds(1).toMillis());
        // both rows reach the sink within its batch interval: one batch, as at the end of a file
        env.fromData(loading, complete)
                .sinkTo(WarehouseSinks.exactlyOnce(
                                url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD, ZoneOffset.UTC)
                        .ledger());
        env.executeAsync("ledger sink").getJobExecutionResult().get(1, TimeUnit.MINUTES);

        assertEquals(
                List.of(List.of(LEEDS, "4", "3", "1", "t")),
                new Warehouse(url)
                        .rows("SELECT path, lines_read, sales_new, rejected, complete FROM ingest_file_stream"));
    }
}
