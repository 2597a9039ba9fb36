package io.tillstream.warehouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls back the prepared XA transactions an earlier run of this job left in the warehouse, when
 * the job is submitted without state (no savepoint, no checkpoint).
 *
 * <p>Why they would stall the new job: each holds the row locks of the keys it inserted, the new
 * job inserts the same keys again, and waits; the connector's own recovery rolls back only
 * transactions of the same job id, which a new submission never has.
 *
 * <p>Why rolling them back is safe then, and only then: a job started without state reads every
 * file under the prefix again from the start, and every statement is idempotent, so whatever a
 * stale transaction held is written again, committed by the new job. A job restored from a
 * savepoint or checkpoint must not do this: its restored writer state lists the transactions it
 * still has to commit, possibly an earlier job's, and the writer commits those and rolls back the
 * one it was preparing when the state was taken. Only transactions named like this job's sinks
 * ({@link SinkScopedXaConnectionProvider}: format 202, a sink's scope byte, a 16-byte job id and a
 * subtask) are touched; any other application's prepared transactions are left alone.
 */
public final class StaleTransactions {
    private static final Logger LOG = LoggerFactory.getLogger(StaleTransactions.class);

    private StaleTransactions() {}

    /** Rolls back every prepared transaction of this job's sinks in the warehouse; returns how many. */
    public static int rollBack(String jdbcUrl, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            return rollBack(c);
        }
    }

    static int rollBack(Connection c) throws SQLException {
        List<SinkTransaction> stale = SinkTransaction.list(c);
        try (Statement s = c.createStatement()) {
            for (SinkTransaction x : stale) {
                // the gid parsed: base64 and digits only, nothing to escape
                s.execute("ROLLBACK PREPARED '" + x.gid() + "'");
                LOG.warn(
                        "rolled back a prepared transaction of an earlier run: sink {}, job {}, prepared at {}",
                        x.sink(),
                        x.jobId(),
                        x.prepared());
            }
        }
        return stale.size();
    }
}
