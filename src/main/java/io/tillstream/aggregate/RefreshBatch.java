package io.tillstream.aggregate;

import java.util.List;

/**
 * Windows for one statement, each window once.
 *
 * @param refreshes windows to recompute from the sales (and to mark final if settled)
 * @param markFinal settled windows whose figures are already current: a refresh of each ran
 *     earlier, after every sale that touched it was committed, so they are only marked final
 * @param jobId the job, as hex, whose sale transactions the recomputation waits for
 * @param completedCheckpoint the checkpoint whose completion released the batch: the recomputation
 *     waits until the sales it committed are committed; 0 for the end of a bounded input
 */
public record RefreshBatch(
        List<WindowRefresh> refreshes, List<WindowRefresh> markFinal, String jobId, long completedCheckpoint) {}
