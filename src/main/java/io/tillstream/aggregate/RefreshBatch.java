package io.tillstream.aggregate;

import java.util.List;

/**
 * Windows of one size for one statement, each window once.
 *
 * @param refreshes windows to recompute (and to mark final if settled)
 * @param markFinal settled windows whose figures are already current: a refresh of each ran
 *     earlier, after every sale that touched it was committed, so they are only marked final
 * @param rollUpFromMinutes 0: recompute from the sales; otherwise the finest window size, whose
 *     rows, current by then, are added up instead (they were refreshed by an earlier statement)
 */
public record RefreshBatch(List<WindowRefresh> refreshes, List<WindowRefresh> markFinal, int rollUpFromMinutes) {}
