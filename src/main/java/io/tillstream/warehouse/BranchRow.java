package io.tillstream.warehouse;

import io.tillstream.parse.Receipt;

/** A row of {@code branch}. */
public record BranchRow(String branchId, String name) {

    public static BranchRow of(Receipt receipt) {
        return new BranchRow(receipt.branchId(), receipt.branchName());
    }
}
