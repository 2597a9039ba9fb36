package io.tillstream.warehouse;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a window's recomputation wait for the sales it must read. A completed checkpoint reaches the
 * sale sink's committer, which commits the sales, and {@code RefreshAfterCommit}, which releases the
 * refreshes, in different tasks, and Flink does not order the two. A refresh released by checkpoint
 * N could therefore run while the sale transactions that checkpoint prepared are still being
 * committed, recompute the window without them, and leave the row short until another sale touched
 * the window (becoming final only marks a row). So before recomputing, the window sink waits until
 * none of this job's sale transactions that checkpoint N or an earlier one prepared is still
 * prepared, in PostgreSQL's own list.
 */
final class SaleCommits {
    private static final Logger LOG = LoggerFactory.getLogger(SaleCommits.class);
    /**
     * A commit normally follows the checkpoint within milliseconds. One that fails is retried by the
     * connector at the next checkpoint; the refresh does not hold the window sink (and with it every
     * checkpoint) that long, and goes ahead with a warning.
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
        List<SinkTransaction> uncommitted = awaited(SinkTransaction.list(c), jobId, completedCheckpoint);
        while (!uncommitted.isEmpty()) {
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
            uncommitted = awaited(SinkTransaction.list(c), jobId, completedCheckpoint);
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
