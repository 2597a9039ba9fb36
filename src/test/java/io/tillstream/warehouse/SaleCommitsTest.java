package io.tillstream.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tillstream.aggregate.RefreshBatch;
import io.tillstream.aggregate.WindowRefresh;
import io.tillstream.local.EmbeddedWarehouse;
import io.tillstream.testing.TestStack;
import io.tillstream.testing.Warehouse;
import io.tillstream.warehouse.WarehouseSinks.Scope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.connector.jdbc.datasource.connections.xa.XaConnectionProvider;
import org.apache.flink.connector.jdbc.datasource.transactions.xa.domain.TransactionId;
import org.junit.jupiter.api.Test;

/**
 * The window sink against a real PostgreSQL while a sale transaction is still prepared: checkpoint 5
 * has completed and released a refresh, but the sale sink's commit of what checkpoint 5 prepared
 * failed at the barrier, and its retry (by the sink's committer, in another task) comes after the
 * refresh reaches the window sink.
 */
class SaleCommitsTest {
    private static final JobID JOB = JobID.fromHexString("00112233445566778899aabbccddeeff");
    private static final String BRANCH = "5d41402a-bc4b-3a76-b971-9d911017c592";
    private static final Instant WINDOW = Instant.parse("2021-08-25T09:00:00Z");

    @Test
    void aRecomputationReadsTheSalesItsCheckpointCommittedEvenWhenTheCommitComesSecond() throws Exception {
        String url = TestStack.get().newDatabase("sale_commits");
        SchemaMigrations.apply(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD);
        Warehouse warehouse = new Warehouse(url);
        TransactionId sale = TransactionId.create(JOB.getBytes(), 1, 2).withBranch(4);
        XaConnectionProvider sales = new SinkScopedXaConnectionProvider(TestDataSources.xaPool(url), Scope.SALE.tag);
        sales.open();
        sales.start(sale);
        try (Statement s = sales.getConnection().createStatement()) {
            s.execute("INSERT INTO sale (sale_id, branch_id, sold_at, payment_type, total, item_count, source_file,"
                    + " source_line) VALUES ('8f14e45f-ceea-367a-9a36-dedd4bea2543', '" + BRANCH + "', '"
                    + WINDOW.plusSeconds(300) + "', 'CASH', 5.00, 2, 'till.csv', 2)");
            s.execute("INSERT INTO sale_item (sale_id, line_no, product_id, price) VALUES"
                    + " ('8f14e45f-ceea-367a-9a36-dedd4bea2543', 1, 'c9f0f895-fb98-3b91-99f5-1fd0297e236d', 2.50),"
                    + " ('8f14e45f-ceea-367a-9a36-dedd4bea2543', 2, 'c9f0f895-fb98-3b91-99f5-1fd0297e236d', 2.50)");
        }
        sales.endAndPrepare(sale);
        try (Connection c = warehouse.connect()) {
            assertEquals(
                    List.of(new SinkTransaction("", Scope.SALE, JOB.toHexString(), 1, 4, "")),
                    SinkTransaction.list(c).stream()
                            .map(x -> new SinkTransaction("", x.sink(), x.jobId(), x.subtask(), x.checkpointId(), ""))
                            .toList(),
                    "the sale sink's transaction, as PostgreSQL lists it");
        }

        CompletableFuture<Void> refresh = CompletableFuture.runAsync(() -> recompute(url, 5));
        Thread.sleep(500);
        assertFalse(refresh.isDone(), "the recomputation waits while the sales of its checkpoint are prepared");
        sales.commit(sale, false);
        sales.close();
        refresh.get(2 * SaleCommits.TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertEquals(
                List.of(List.of("15", "1", "2", "5.00"), List.of("60", "1", "2", "5.00")),
                warehouse.rows("SELECT window_minutes::text, sales::text, items::text, revenue::text"
                        + " FROM product_sales_window ORDER BY window_minutes"));
    }

    /** The window sink's statement for the quarter-hour and the hour of the sale. */
    private static void recompute(String url, long completedCheckpoint) {
        List<WindowRefresh> windows = List.of(
                new WindowRefresh(15, WINDOW.toEpochMilli(), BRANCH, false),
                new WindowRefresh(60, WINDOW.toEpochMilli(), BRANCH, false));
        try (Connection c = SinkStatements.connect(url);
                PreparedStatement ps = c.prepareStatement(SinkStatements.windowSql())) {
            SinkStatements.bindWindows(
                    ps, new RefreshBatch(windows, List.of(), JOB.toHexString(), completedCheckpoint));
            ps.executeUpdate();
            c.commit();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
