package io.tillstream.aggregate;

import io.tillstream.parse.Receipt;
import java.time.Duration;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Passes the branch clocks one {@link SaleTime} per branch and finest window every {@code
 * flushMillis}, the latest, instead of one per sale. Nothing is lost to {@link BranchWindows}: sales
 * in the same finest window touch the same windows of every size (a coarse window is made of whole
 * fine ones), and a branch's clock only keeps the latest time.
 */
public final class SaleTimesPerWindow extends MergeBeforeShuffle<Receipt, SaleTimesPerWindow.Window, SaleTime> {
    private static final long serialVersionUID = 1L;

    public SaleTimesPerWindow(Duration finestWindow, long flushMillis) {
        super(Window.of(finestWindow.toMillis()), SaleTime::of, SaleTime::later, flushMillis);
    }

    /** A branch's finest window, by its start. */
    record Window(String branchId, long start) {
        static KeySelector<Receipt, Window> of(long sizeMillis) {
            return sale -> {
                long time = sale.eventTimeMillis();
                return new Window(sale.branchId(), time - Math.floorMod(time, sizeMillis));
            };
        }
    }
}
