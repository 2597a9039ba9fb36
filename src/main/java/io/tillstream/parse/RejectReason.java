package io.tillstream.parse;

/** Why a line was rejected. The code is stored in {@code rejected_row.reason_code}; keep codes stable. */
public enum RejectReason {
    MALFORMED_CSV("the line is not valid CSV (unbalanced quotes)"),
    WRONG_COLUMN_COUNT("expected 7 columns"),
    HEADER_ROW("a header row, not a sale"),
    BAD_TIMESTAMP("the timestamp is not a valid date and time"),
    MISSING_BRANCH("the branch column is empty"),
    EMPTY_BASKET("the basket has no items"),
    BAD_ITEM("an item is not <size> <product>[ - <flavour>] - <price>"),
    BAD_PRICE("a price is not a decimal amount"),
    NEGATIVE_PRICE("a price is negative"),
    BAD_TOTAL("the total is not a decimal amount"),
    TOTAL_MISMATCH("the total does not equal the sum of the item prices"),
    UNKNOWN_PAYMENT_TYPE("the payment type is neither CASH nor CARD");

    private final String description;

    RejectReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
