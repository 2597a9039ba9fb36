package io.tillstream.ledger;

import io.tillstream.aggregate.MergeBeforeShuffle;
import io.tillstream.parse.Receipt;

/**
 * Counts loaded sales per file and passes the counts to the ledger as one outcome per file every
 * {@code flushMillis}, instead of one per sale: the ledger only needs how many and the time span.
 */
public final class LoadedLinesTally extends MergeBeforeShuffle<Receipt, String, LineOutcome> {
    private static final long serialVersionUID = 1L;

    public LoadedLinesTally(long flushMillis) {
        super(Receipt::sourceFile, LineOutcome::loaded, LineOutcome::plus, flushMillis);
    }
}
