package io.tillstream.aggregate;

/**
 * A request to recompute one branch's product figures for one window from the warehouse, sent once
 * the sales that touched the window are committed. The figure itself is never carried: the
 * warehouse's own sales are the truth, so the order, lateness or repetition of the sales cannot make
 * it wrong.
 *
 * @param windowMinutes the window size
 * @param windowStart epoch millis, a multiple of the size
 * @param settled no more sales are expected: the branch's own clock has passed the window's end by
 *     the out-of-orderness, or the branch has gone quiet. The row is then marked final.
 */
public record WindowRefresh(int windowMinutes, long windowStart, String branchId, boolean settled) {

    /** The window this refresh is for, whatever it says about being settled. */
    public WindowRefresh target() {
        return settled ? new WindowRefresh(windowMinutes, windowStart, branchId, false) : this;
    }

    /** Two refreshes of one window make one, settled if either is. */
    public WindowRefresh mergedWith(WindowRefresh other) {
        return settled ? this : other;
    }
}
