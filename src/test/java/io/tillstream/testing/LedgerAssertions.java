package io.tillstream.testing;

import io.tillstream.warehouse.SqlResource;
import java.util.List;

/** The one check every end-to-end test ends with: the ledger equals the warehouse's counts, file by file. */
public final class LedgerAssertions {
    private static final String DISAGREEMENTS = SqlResource.load("sql/ledger_disagreements.sql");

    private LedgerAssertions() {}

    /**
     * Waits (bounded) for every file to be complete and settled, then requires that each file's
     * {@code sales_loaded} and {@code rejected} are the rows {@code sale} and {@code rejected_row}
     * hold for it, that it balances, and that the reconciliation view finds nothing.
     */
    public static void assertLedgerMatchesWarehouse(Warehouse warehouse) throws Exception {
        Await.until(
                "every file complete and in agreement with the warehouse",
                () -> warehouse.rows(DISAGREEMENTS),
                List.of());
        Await.until(
                "ledger_check empty (products and branches commit through sinks of their own)",
                () -> warehouse.rows("SELECT problem, subject, expected, found FROM ledger_check"),
                List.of());
    }
}
