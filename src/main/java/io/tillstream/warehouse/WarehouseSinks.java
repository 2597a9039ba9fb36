package io.tillstream.warehouse;

import io.tillstream.aggregate.RefreshBatch;
import io.tillstream.ledger.IngestFileRow;
import io.tillstream.parse.Rejection;
import java.time.ZoneId;
import javax.sql.XADataSource;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcExactlyOnceOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.datasource.connections.xa.PoolingXaConnectionProvider;
import org.apache.flink.util.function.SerializableSupplier;
import org.postgresql.ds.common.BaseDataSource;
import org.postgresql.xa.PGXADataSource;

/**
 * Where each stream of the pipeline ends. The job uses {@link #exactlyOnce}; tests may pass any
 * other sinks.
 */
public record WarehouseSinks(
        Sink<ReceiptBatch> sales,
        Sink<ProductRow> products,
        Sink<BranchRow> branches,
        Sink<Rejection> rejections,
        Sink<IngestFileRow> ledger,
        Sink<RefreshBatch> windows) {

    /** How many sinks the job has, each an XA sink with its own transactions and connections. */
    public static final int COUNT = WarehouseSinks.class.getRecordComponents().length;

    static final int BATCH_SIZE = 1000;
    /**
     * PostgreSQL allows one XA transaction per connection. Recover-and-rollback is on: when a
     * writer starts after a failure, it rolls back the transactions its subtask prepared for a
     * checkpoint that never completed. Left in place they keep their row locks, the replayed
     * inserts wait on them, the next checkpoint never completes, and the job hangs (the failover
     * test showed it). Completed checkpoints are safe: the writer first commits the transactions
     * its restored state lists, and {@link SinkScopedXaConnectionProvider} withholds any whose
     * commit did not go through. It rolls back only ids of this job and subtask, so it never
     * touches what another subtask's restored state lists when the job is rescaled (a job restored
     * from a savepoint has a new job id). An earlier job's transactions are rolled back as hanging
     * ones of the restored state ({@link SinkScopedXaConnectionProvider#failAndRollback}) or, on a
     * start without state, by {@link StaleTransactions}.
     */
    static final JdbcExactlyOnceOptions EXACTLY_ONCE = JdbcExactlyOnceOptions.builder()
            .withTransactionPerConnection(true)
            .withRecoveredAndRollback(true)
            .build();

    static final long BATCH_INTERVAL_MS = 200;
    static final String LOCK_TIMEOUT = "30s";

    /**
     * PostgreSQL through flink-connector-jdbc's XA sink: rows become visible when the checkpoint
     * that covers them completes. PostgreSQL needs one XA transaction per connection, and retries
     * must be off, otherwise a retried batch can be written twice.
     */
    public static WarehouseSinks exactlyOnce(String jdbcUrl, String user, String password, ZoneId timeZone) {
        SerializableSupplier<XADataSource> batched = dataSource(jdbcUrl, user, password, true);
        return new WarehouseSinks(
                xa(Scope.SALE, Statements.SALE_SQL, Statements.sales(timeZone.getId()), batched),
                xa(Scope.PRODUCT, Statements.PRODUCT_SQL, Statements::product, batched),
                xa(Scope.BRANCH, Statements.BRANCH_SQL, Statements::branch, batched),
                xa(Scope.REJECTION, Statements.REJECTION_SQL, Statements::rejection, batched),
                // A file's loading row and its complete row can meet in one batch, and one multi-row
                // INSERT ... ON CONFLICT DO UPDATE refuses to update a row twice (the job failed over
                // on it): one statement per row applies them in order, the newest last
                xa(
                        Scope.LEDGER,
                        Statements.INGEST_FILE_SQL,
                        Statements::ingestFile,
                        dataSource(jdbcUrl, user, password, false)),
                xa(Scope.WINDOW, Statements.WINDOW_SQL, Statements::windowRefreshes, batched));
    }

    /** @param rewriteBatchedInserts a batch of plain INSERTs travels as one multi-row INSERT */
    private static SerializableSupplier<XADataSource> dataSource(
            String jdbcUrl, String user, String password, boolean rewriteBatchedInserts) {
        return () -> {
            PGXADataSource ds = new PGXADataSource();
            ds.setUrl(jdbcUrl);
            ds.setUser(user);
            ds.setPassword(password);
            ds.setReWriteBatchedInserts(rewriteBatchedInserts);
            configure(ds);
            return ds;
        };
    }

    /** What every connection that runs the sinks' statements needs, in a sink or in a test. */
    static void configure(BaseDataSource ds) {
        // Sinks never contend for a row (each is partitioned by its key), so a wait for a lock
        // means a prepared transaction left by a failed attempt. Fail instead of waiting for
        // ever: the restart's recovery then rolls it back.
        ds.setOptions("-c lock_timeout=" + LOCK_TIMEOUT);
        ds.setBinaryTransferEnable(BinaryArray.ARRAY_OIDS);
    }

    /**
     * Each sink's tag in its XA transaction ids (see {@link SinkScopedXaConnectionProvider}). Stored
     * in PostgreSQL's prepared transactions and in checkpoints: never renumber, never reuse. Tag 7
     * was the product_sales_late sink of builds before product figures v2.
     */
    enum Scope {
        SALE(1),
        PRODUCT(2),
        BRANCH(3),
        REJECTION(4),
        LEDGER(5),
        WINDOW(6);

        final byte tag;

        Scope(int tag) {
            this.tag = (byte) tag;
        }
    }

    private static <T> Sink<T> xa(
            Scope scope,
            String sqlResource,
            JdbcStatementBuilder<T> binder,
            SerializableSupplier<XADataSource> dataSource) {
        return new RescalableXaSink<>(JdbcSink.<T>builder()
                .withQueryStatement(SqlResource.load(sqlResource), binder)
                .withExecutionOptions(JdbcExecutionOptions.builder()
                        .withBatchSize(BATCH_SIZE)
                        .withBatchIntervalMs(BATCH_INTERVAL_MS)
                        .withMaxRetries(0)
                        .build())
                .buildExactlyOnce(
                        EXACTLY_ONCE,
                        new SinkScopedXaConnectionProvider(
                                PoolingXaConnectionProvider.from(dataSource, EXACTLY_ONCE.getTimeoutSec()),
                                scope.tag)));
    }
}
