package io.tillstream.warehouse;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a window's recomputation wait for the sales it must read. flink-connector-jdbc 4.0's writer
 * commits a checkpoint's transaction at the barrier, so when checkpoint N completes its sales are
 * normally committed. Not always: a commit that fails there is retried by the sink's committer when
 * the checkpoint completes, which Flink tells in another task, in no set order with {@code
 * RefreshAfterCommit}, or at the next barrier; and a strictly two-phase connector would commit only
 * then. A refresh released by N that ran first would recompute the window without those sales and
 * leave the row short until another sale touched the window (becoming final only marks a row). So
 * before recomputing, the window sink waits until none of this job's sale transactions that
 * checkpoint N or an earlier one prepared is still prepared, in PostgreSQL's own list.
 */
final class SaleCommits {
    private static final Logger LOG = LoggerFactory.getLogger(SaleCommits.class);
    /**
     * A retried commit normally follows within a second. One that keeps failing waits for the next
     * barrier; the refresh does not hold the window sink (and with it every checkpoint) that long,
     * and goes ahead with a warning.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final long POLL_MILLIS = 10;

    private SaleCommits() {}

    /**
     * @param completedCheckpoint the checkpoint whose completion released the refresh; 0 for none
     *     (the end of a bounded input), which waits for nothing
     */
    static void await(Connection c, String jobId, long completedCheckpoint) throws SQLException {
        if (completedCheckpoint <= 0) {
            return;
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<SinkTransaction> uncommitted;
        while (!(uncommitted = awaited(SinkTransaction.list(c), jobId, completedCheckpoint)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                LOG.warn(
                        "checkpoint {} completed {} s ago and {} of its sale transactions are still prepared;"
                                + " recomputing product figures without them: {}",
                        completedCheckpoint,
                        TIMEOUT.toSeconds(),
                        uncommitted.size(),
                        uncommitted);
                return;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException(
                        "interrupted while waiting for the sales of checkpoint " + completedCheckpoint, e);
            }
        }
    }

    /**
     * The sale transactions of this job that a completed checkpoint prepared: the connector labels a
     * transaction with the checkpoint before the one that prepares it, so those labelled N or later
     * belong to checkpoints still to come, and waiting for them would wait for ever.
     */
    static List<SinkTransaction> awaited(List<SinkTransaction> prepared, String jobId, long completedCheckpoint) {
        return prepared.stream()
                .filter(x -> x.sink() == WarehouseSinks.Scope.SALE
                        && x.jobId().equals(jobId)
                        && x.checkpointId() < completedCheckpoint)
                .toList();
    }
}
