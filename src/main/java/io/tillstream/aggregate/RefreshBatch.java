package io.tillstream.aggregate;

import java.util.List;

/** Windows recomputed by one statement; each window appears once. */
public record RefreshBatch(List<WindowRefresh> refreshes) {}
