package io.tillstream.aggregate;

import java.util.List;

/**
 * Windows for one statement, each window once.
 *
 * @param refreshes windows to recompute from the sales (and to mark final if settled)
 * @param markFinal settled windows whose figures are already current: a refresh of each ran
 *     earlier, after every sale that touched it was committed, so they are only marked final
 */
public record RefreshBatch(List<WindowRefresh> refreshes, List<WindowRefresh> markFinal) {}
