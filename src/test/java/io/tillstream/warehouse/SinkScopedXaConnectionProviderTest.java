package io.tillstream.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillstream.testing.TestStack;
import io.tillstream.testing.Warehouse;
import io.tillstream.warehouse.WarehouseSinks.Scope;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import javax.transaction.xa.XAException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.connector.jdbc.datasource.connections.xa.XaConnectionProvider;
import org.apache.flink.connector.jdbc.datasource.transactions.xa.XaTransaction;
import org.apache.flink.connector.jdbc.datasource.transactions.xa.domain.TransactionId;
import org.apache.flink.connector.jdbc.datasource.transactions.xa.exceptions.TransientXaException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A writer restarting after a failure, opened as flink-connector-jdbc opens it, against real
 * prepared transactions. Subtask 1 of 2 of the late-sale sink prepared its transaction for
 * checkpoint 4 (branch 3) and for checkpoint 5 (branch 4), then failed; checkpoint 4 completed,
 * checkpoint 5 did not, and the job restarts from checkpoint 4, whose state lists branch 3 as
 * prepared but not yet committed. Each transaction inserted one row, numbered like its branch.
 */
class SinkScopedXaConnectionProviderTest {
    private static final byte[] JOB = new JobID().getBytes();
    private static final TransactionId SUBTASK_1 = TransactionId.create(JOB, 1, 2);
    private static final JdbcWriterState RESTORED =
            JdbcWriterState.of(List.of(TransactionId.restore(JOB, 1, 2, 3, 0)), List.of());

    private String url;
    private Warehouse warehouse;

    @BeforeEach
    void failedAttempt() throws Exception {
        url = TestStack.get().newDatabase("xa_recovery");
        warehouse = new Warehouse(url);
        try (Connection c = warehouse.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE written (id integer PRIMARY KEY)");
        }
        prepare(Scope.WINDOW, SUBTASK_1.withBranch(3), 3);
        prepare(Scope.WINDOW, SUBTASK_1.withBranch(4), 4);
        // checkpoint 5's transactions of the other subtask and of another sink: not this writer's
        prepare(Scope.WINDOW, TransactionId.create(JOB, 0, 2).withBranch(4), 40);
        prepare(Scope.SALE, SUBTASK_1.withBranch(4), 41);
    }

    @Test
    void commitsTheRestoredCheckpointAndRollsBackOnlyItsOwnUnfinishedTransaction() throws Exception {
        try (XaTransaction writer =
                new XaTransaction(WarehouseSinks.EXACTLY_ONCE, SUBTASK_1, scoped(Scope.WINDOW, pool()))) {
            writer.open(RESTORED);
        }

        assertEquals(List.of(List.of("3")), writtenRows());
        commitWhatIsStillPrepared();
        assertEquals(List.of(List.of("3"), List.of("40"), List.of("41")), writtenRows());
    }

    @Test
    void leavesPreparedATransactionOfTheRestoredCheckpointItCouldNotCommit() throws Exception {
        XaConnectionProvider commitsFail = failingCommits(pool());
        try (XaTransaction writer =
                new XaTransaction(WarehouseSinks.EXACTLY_ONCE, SUBTASK_1, scoped(Scope.WINDOW, commitsFail))) {
            writer.open(RESTORED);
        }

        assertEquals(List.of(), writtenRows());
        commitWhatIsStillPrepared();
        assertEquals(List.of(List.of("3"), List.of("40"), List.of("41")), writtenRows());
    }

    /**
     * A job restored under a new job id from the earlier job's last checkpoint: the transaction
     * that checkpoint lists as hanging was prepared before the crash. PostgreSQL refuses to end it
     * on another connection; it must still be rolled back, or it keeps its locks.
     */
    @Test
    void rollsBackAHangingTransactionOfAnEarlierJobThatWasAlreadyPrepared() throws Exception {
        byte[] earlier = new JobID().getBytes();
        prepare(Scope.WINDOW, TransactionId.create(earlier, 1, 2).withBranch(3), 30);
        prepare(Scope.WINDOW, TransactionId.create(earlier, 1, 2).withBranch(4), 31);
        JdbcWriterState lastCheckpoint = JdbcWriterState.of(
                List.of(TransactionId.restore(earlier, 1, 2, 3, 0)),
                List.of(TransactionId.restore(earlier, 1, 2, 4, 0)));

        try (XaTransaction writer = new XaTransaction(
                WarehouseSinks.EXACTLY_ONCE,
                TransactionId.create(new JobID().getBytes(), 1, 2),
                scoped(Scope.WINDOW, pool()))) {
            writer.open(lastCheckpoint);
        }

        assertEquals(List.of(List.of("30")), writtenRows());
        commitWhatIsStillPrepared();
        assertEquals(
                List.of(List.of("3"), List.of("30"), List.of("4"), List.of("40"), List.of("41")),
                writtenRows(),
                "only the hanging transaction was rolled back");
    }

    private void prepare(Scope scope, TransactionId id, int row) throws Exception {
        XaConnectionProvider provider = scoped(scope, pool());
        provider.open();
        provider.start(id);
        try (Statement s = provider.getConnection().createStatement()) {
            s.execute("INSERT INTO written VALUES (" + row + ")");
        }
        provider.endAndPrepare(id);
        provider.close();
    }

    private List<List<String>> writtenRows() throws Exception {
        return warehouse.rows("SELECT id::text FROM written ORDER BY id");
    }

    private void commitWhatIsStillPrepared() throws Exception {
        try (Connection c = warehouse.connect();
                Statement s = c.createStatement()) {
            for (List<String> gid :
                    warehouse.rows("SELECT gid FROM pg_prepared_xacts WHERE database = current_database()")) {
                s.execute("COMMIT PREPARED '" + gid.get(0) + "'");
            }
        }
    }

    private static SinkScopedXaConnectionProvider scoped(Scope scope, XaConnectionProvider pool) {
        return new SinkScopedXaConnectionProvider(pool, scope.tag);
    }

    private XaConnectionProvider pool() {
        return TestDataSources.xaPool(url);
    }

    /** As when the database drops the connection while a restored transaction is committed. */
    private static XaConnectionProvider failingCommits(XaConnectionProvider delegate) {
        return (XaConnectionProvider) Proxy.newProxyInstance(
                XaConnectionProvider.class.getClassLoader(),
                new Class<?>[] {XaConnectionProvider.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit")) {
                        throw new TransientXaException(new XAException(XAException.XAER_RMFAIL));
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
