package io.tillstream.parse;

/** Why a line was rejected. The code is stored in {@code rejected_row.reason_code}; keep codes stable. */
public enum RejectReason {
    LINE_TOO_LONG("the line is longer than any till writes"),
    MALFORMED_CSV("the line is not valid CSV (unbalanced quotes)"),
    WRONG_COLUMN_COUNT("expected 7 columns"),
    NOT_UTF8("the line has bytes that are not UTF-8 outside the customer name"),
    CONTROL_CHARACTER("a column holds a control character (such as NUL), which the warehouse cannot store"),
    VALUE_TOO_LONG("a branch, product, size or flavour name is longer than the warehouse stores"),
    BAD_TIMESTAMP("the timestamp is not a date and time in either till layout"),
    IMPOSSIBLE_DATE("the timestamp has the right shape but no such date or time exists"),
    OUT_OF_RANGE("the sale's time is outside the configured sanity window"),
    OUTSIDE_FILE_PERIOD("the sale's time is further from the period in its file's name than input.max-period-skew"),
    MISSING_BRANCH("the branch column is empty"),
    BRANCH_MISMATCH("the branch column names another branch than the file name"),
    EMPTY_BASKET("the basket has no items"),
    BAD_ITEM("an item is not <size> <product>[ - <flavour>] - <price>"),
    BAD_PRICE("a price is not a decimal amount"),
    NEGATIVE_PRICE("a price is negative"),
    AMOUNT_TOO_LARGE("a price or total is larger than the warehouse stores"),
    BAD_TOTAL("the total is not a decimal amount"),
    TOTAL_MISMATCH("the total does not equal the sum of the item prices"),
    UNKNOWN_PAYMENT_TYPE("the payment type is neither CASH nor CARD"),
    UNREADABLE_FILE("the rest of the file cannot be read"),
    INTERNAL_ERROR("the parser failed on this line; please report it");

    private final String description;

    RejectReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
