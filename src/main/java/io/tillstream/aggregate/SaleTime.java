package io.tillstream.aggregate;

import io.tillstream.parse.Receipt;

/**
 * All that the branch clocks need of a sale: its branch and when it was sold. Sent to them instead
 * of the receipt, so that this shuffle carries a few bytes per sale rather than its whole basket.
 */
public record SaleTime(String branchId, long eventTimeMillis) {

    public static SaleTime of(Receipt receipt) {
        return new SaleTime(receipt.branchId(), receipt.eventTimeMillis());
    }

    /** Of two times of the same branch, the one its clock would keep. */
    SaleTime later(SaleTime other) {
        return other.eventTimeMillis > eventTimeMillis ? other : this;
    }
}
