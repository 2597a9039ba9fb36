package io.tillstream.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillstream.local.EmbeddedWarehouse;
import io.tillstream.testing.TestStack;
import io.tillstream.testing.Warehouse;
import io.tillstream.warehouse.SchemaMigrations;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger views on rows written by hand, one situation at a time: what the warehouse holds
 * decides {@code sales_loaded}, in-flight sales are pending only for the settle time, and every
 * kind of disagreement shows in {@code ledger_check} (and, once old, in {@code ledger_mismatch}).
 */
class LedgerViewsTest {
    private static final String FILE = "s3://tills/in/chesterfield_23-03-2021_09-00-00.csv";
    private static final String BRANCH = "d1ce99d3-dfad-380c-9bb3-40a221324dfe";
    private static final String PRODUCT = "2a31e48c-97c7-37d1-8c8d-6590c71e2554";

    private Warehouse warehouse;

    @BeforeEach
    void freshWarehouse() throws Exception {
        String url = TestStack.get().newDatabase("ledger_views");
        SchemaMigrations.apply(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD);
        warehouse = new Warehouse(url);
        execute(
                "INSERT INTO branch (branch_id, name) VALUES ('" + BRANCH + "', 'Chesterfield')",
                "INSERT INTO product (product_id, name, size) VALUES ('" + PRODUCT + "', 'Latte', 'Large')");
    }

    private void execute(String... statements) throws Exception {
        try (Connection c = warehouse.connect();
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** The stream's row for FILE: lines read, new to the state, duplicates in state, rejected; written {@code age} ago. */
    private String ledger(long read, long fresh, long repeats, long rejected, String age) {
        return "INSERT INTO ingest_file_stream (path, first_seen, lines_read, blank_lines, sales_new, duplicates_in_state,"
                + " rejected, read_to_end, complete, updated_at) VALUES ('" + FILE + "', now(), " + read + ", 0, "
                + fresh + ", " + repeats + ", " + rejected + ", true, true, now() - interval '" + age + "')";
    }

    private static String sale(int n, int items) {
        return "INSERT INTO sale (sale_id, branch_id, sold_at, payment_type, total, item_count, source_file,"
                + " source_line) VALUES ('00000000-0000-0000-0000-00000000000" + n + "', '" + BRANCH + "', now(),"
                + " 'CASH', 1.00, " + items + ", '" + FILE + "', " + n + ")";
    }

    private static String item(int n) {
        return "INSERT INTO sale_item (sale_id, line_no, product_id, price) VALUES ('00000000-0000-0000-0000-00000000000"
                + n + "', 1, '" + PRODUCT + "', 1.00)";
    }

    private List<List<String>> ledgerRow() throws Exception {
        return warehouse.rows("SELECT lines_read, sales_loaded, duplicates, rejected, pending FROM ingest_file");
    }

    @Test
    void salesTheStreamSentButTheWarehouseAlreadyHadAreDuplicatesOnceSettled() throws Exception {
        // 3 lines, all new to the state; the warehouse gained 1 (the other 2 were already there)
        execute(ledger(3, 3, 0, 0, "1 hour"), sale(1, 1), item(1));
        assertEquals(List.of(List.of("3", "1", "2", "0", "0")), ledgerRow());
        assertEquals(List.of(), warehouse.rows("SELECT * FROM ledger_check"));
    }

    @Test
    void salesNotYetCommittedArePendingWithinTheSettleTime() throws Exception {
        execute(ledger(3, 3, 0, 0, "0 s"), sale(1, 1), item(1));
        assertEquals(List.of(List.of("3", "1", "0", "0", "2")), ledgerRow());
    }

    @Test
    void duplicatesFoundByTheStateAndRejectionsCountAsSuch() throws Exception {
        execute(
                ledger(4, 1, 2, 1, "1 hour"),
                sale(1, 1),
                item(1),
                "INSERT INTO rejected_row (rejection_id, source_file, source_line, reason_code, reason, excerpt)"
                        + " VALUES (gen_random_uuid(), '" + FILE + "', 4, 'BAD_ITEM', 'r', 'e')");
        assertEquals(List.of(List.of("4", "1", "2", "1", "0")), ledgerRow());
        assertEquals(List.of(), warehouse.rows("SELECT * FROM ledger_check"));
    }

    @Test
    void everyKindOfDisagreementIsListedAndAlertedOnceOld() throws Exception {
        execute(
                ledger(2, 1, 0, 1, "1 hour"),
                sale(1, 2), // two items said, one stored
                item(1),
                sale(2, 0), // more sales than the stream sent
                "INSERT INTO sale (sale_id, branch_id, sold_at, payment_type, total, item_count, source_file,"
                        + " source_line, loaded_at) VALUES (gen_random_uuid(), '" + BRANCH + "', now(), 'CASH', 1.00,"
                        + " 0, 's3://tills/in/unknown.csv', 1, now() - interval '1 hour')",
                "INSERT INTO sale (sale_id, branch_id, sold_at, payment_type, total, item_count, source_file,"
                        + " source_line, loaded_at) VALUES ('00000000-0000-0000-0000-000000000009',"
                        + " '00000000-0000-0000-0000-0000000000b1', now(), 'CASH', 1.00, 1, '" + FILE + "', 9,"
                        + " now() - interval '1 hour')",
                "INSERT INTO sale_item (sale_id, line_no, product_id, price) VALUES"
                        + " ('00000000-0000-0000-0000-000000000009', 1, '00000000-0000-0000-0000-0000000000a1', 1.00)",
                "INSERT INTO rejected_row (rejection_id, source_file, source_line, reason_code, reason, excerpt,"
                        + " rejected_at) VALUES (gen_random_uuid(), 's3://tills/in/other.csv', 1, 'BAD_ITEM', 'r',"
                        + " 'e', now() - interval '1 hour')");
        List<List<String>> expected = List.of(
                List.of("item_count differs from sale_item", "00000000-0000-0000-0000-000000000001", "2", "1"),
                List.of("items of a product missing from product", "00000000-0000-0000-0000-0000000000a1", "0", "1"),
                List.of("more sales than the stream sent", FILE, "1", "3"),
                List.of("rejected differs from rejected_row", FILE, "1", "0"),
                List.of("rejections of a file without a ledger row", "s3://tills/in/other.csv", "0", "1"),
                List.of("sales of a branch missing from branch", "00000000-0000-0000-0000-0000000000b1", "0", "1"),
                List.of("sales of a file without a ledger row", "s3://tills/in/unknown.csv", "0", "1"));
        String columns = "SELECT problem, subject, expected::text, found::text FROM ";
        assertEquals(expected, warehouse.rows(columns + "ledger_check ORDER BY 1"));
        // sale 1 was loaded just now: its missing item is still in flight for ledger_mismatch
        assertEquals(expected.subList(1, expected.size()), warehouse.rows(columns + "ledger_mismatch ORDER BY 1"));
    }
}
