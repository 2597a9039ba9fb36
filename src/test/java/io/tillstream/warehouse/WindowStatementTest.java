package io.tillstream.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillstream.aggregate.RefreshBatch;
import io.tillstream.aggregate.WindowRefresh;
import io.tillstream.local.EmbeddedWarehouse;
import io.tillstream.testing.TestStack;
import io.tillstream.testing.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The window sink's statement on a real PostgreSQL: figures from the sales, rewritten in place. */
class WindowStatementTest {
    private static final String BRANCH = "5d41402a-bc4b-3a76-b971-9d911017c592";
    private static final Instant MIDNIGHT = Instant.parse("2021-08-25T00:00:00Z");
    private static final int PRODUCTS = 20;

    /**
     * Every open window is rewritten at each refresh and once more when it turns final, and a day of
     * a branch fills many pages. Those updates must stay on their pages and touch no index
     * (heap-only tuples): on full pages each wrote an entry into every index of the table.
     */
    @Test
    void refreshingAndMarkingFinalRewriteEachRowInPlace() throws Exception {
        String url = TestStack.get().newDatabase("window_statement");
        SchemaMigrations.apply(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD);
        Warehouse warehouse = new Warehouse(url);
        List<WindowRefresh> open = windowsOfTheDay(false);
        sales(warehouse, 0);
        try (Connection c = SinkStatements.connect(url)) {
            assertEquals(new Updates(0, 0), run(c, new RefreshBatch(open, List.of(), "", 0)));
            long rows = warehouse.count("SELECT count(*) FROM product_sales_window");
            // 16 of the products sell in each quarter-hour, all 20 in each hour
            assertEquals(96 * 16 + 24 * 20, rows);

            sales(warehouse, 30);
            assertMostlyInPlace(rows, run(c, new RefreshBatch(open, List.of(), "", 0)));
            assertMostlyInPlace(rows, run(c, new RefreshBatch(List.of(), windowsOfTheDay(true), "", 0)));
        }

        assertEquals(
                List.of(List.of("15", "5760", "true"), List.of("60", "5760", "true")),
                warehouse.rows("SELECT window_minutes::text, sum(items)::text,"
                        + " bool_and(is_final AND items_when_final = items)::text"
                        + " FROM product_sales_window GROUP BY 1 ORDER BY 1"));
    }

    /**
     * Every row updated, and nine in ten or more in place: a new version a few bytes longer than the
     * old one can miss the space left on a page (1,890 of 2,016 here). On full pages none was.
     */
    private static void assertMostlyInPlace(long rows, Updates updates) {
        assertEquals(rows, updates.updated());
        assertTrue(updates.inPlace() >= rows * 9 / 10, updates + " of " + rows + " rows");
    }

    /** Rows of product_sales_window one transaction updated, and how many of them in place. */
    private record Updates(long updated, long inPlace) {}

    private static Updates run(Connection c, RefreshBatch batch) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(Statements.WINDOW_SQL));
                Statement s = c.createStatement()) {
            Updates before = updates(s);
            Statements.windowRefreshes(ps, batch);
            ps.executeUpdate();
            Updates after = updates(s);
            c.commit();
            return new Updates(after.updated() - before.updated(), after.inPlace() - before.inPlace());
        }
    }

    /** This backend's counts so far, which it has not yet reported to the statistics. */
    private static Updates updates(Statement s) throws Exception {
        List<String> counts = Warehouse.rows(
                        s,
                        "SELECT pg_stat_get_xact_tuples_updated(oid)::text,"
                                + " pg_stat_get_xact_tuples_hot_updated(oid)::text"
                                + " FROM pg_class WHERE relname = 'product_sales_window'")
                .get(0);
        return new Updates(Long.parseLong(counts.get(0)), Long.parseLong(counts.get(1)));
    }

    /** The day's 96 quarter-hours and 24 hours of the branch. */
    private static List<WindowRefresh> windowsOfTheDay(boolean settled) {
        List<WindowRefresh> windows = new ArrayList<>();
        for (int minutes : new int[] {15, 60}) {
            for (int start = 0; start < 24 * 60; start += minutes) {
                windows.add(new WindowRefresh(
                        minutes, MIDNIGHT.plusSeconds(60L * start).toEpochMilli(), BRANCH, settled));
            }
        }
        return windows;
    }

    /**
     * A sale a minute for the whole day, {@code second} seconds past each minute, each with two of
     * the products, so that every product sells in every quarter-hour.
     */
    private static void sales(Warehouse warehouse, int second) throws Exception {
        String sales = " FROM generate_series(0, 24 * 60 - 1) AS minute";
        String saleId = "md5(minute || ':' || " + second + ")::uuid";
        warehouse.execute("INSERT INTO sale (sale_id, branch_id, sold_at, payment_type, total, item_count,"
                + " source_file, source_line)"
                + " SELECT " + saleId + ", '" + BRANCH + "', timestamptz '" + MIDNIGHT + "'"
                + " + make_interval(mins => minute, secs => " + second + "), 'CASH', 4.00, 2, 'till.csv', minute"
                + sales);
        warehouse.execute("INSERT INTO sale_item (sale_id, line_no, product_id, price)"
                + " SELECT " + saleId + ", line, md5('product ' || (minute + line) % " + PRODUCTS + ")::uuid, 2.00"
                + sales + ", generate_series(1, 2) AS line");
    }
}
