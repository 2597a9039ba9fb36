package io.tillstream.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillstream.local.EmbeddedWarehouse;
import io.tillstream.testing.TestStack;
import io.tillstream.testing.Warehouse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaMigrationsTest {

    @Test
    void appliesEachScriptOnceAndLeavesACurrentSchemaAlone() throws Exception {
        String url = TestStack.get().newDatabase("migrations");
        Warehouse warehouse = new Warehouse(url);

        List<String> first = SchemaMigrations.apply(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD);
        List<String> second = SchemaMigrations.apply(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD);

        assertEquals(
                List.of(
                        "V1__warehouse.sql",
                        "V2__ingest_ledger.sql",
                        "V3__analytics.sql",
                        "V4__identity_and_ledger.sql",
                        "V5__product_figures_from_sales.sql",
                        "V6__grafana_reader_grants.sql",
                        "V7__product_figures_updated_in_place.sql"),
                first);
        assertEquals(List.of(), second);
        assertEquals(first.size(), warehouse.count("SELECT count(*) FROM schema_migration"));
        assertEquals(
                List.of(
                        List.of("branch"),
                        List.of("ingest_file_stream"),
                        List.of("product"),
                        List.of("product_sales_window"),
                        List.of("rejected_row"),
                        List.of("sale"),
                        List.of("sale_item")),
                warehouse.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                        + " AND table_name <> 'schema_migration' AND table_type = 'BASE TABLE' ORDER BY 1"));
        assertEquals(
                List.of(
                        List.of("customer_visits_daily"),
                        List.of("dim_branch"),
                        List.of("dim_date"),
                        List.of("dim_product"),
                        List.of("fact_sale_item"),
                        List.of("ingest_file"),
                        List.of("ledger_check"),
                        List.of("ledger_mismatch")),
                warehouse.rows(
                        "SELECT table_name FROM information_schema.views WHERE table_schema = 'public' ORDER BY 1"));
    }

    /**
     * A warehouse filled by a build before product figures v2: its window rows left out sales that
     * came after the allowed lateness. The migration recomputes every window of the sizes in use
     * from the sales themselves.
     */
    @Test
    void productFiguresV2RecomputesTheWindowsOfAnOlderBuildFromTheSales() throws Exception {
        String url = TestStack.get().newDatabase("migrate_v2");
        Warehouse warehouse = new Warehouse(url);
        try (Connection c = warehouse.connect();
                Statement s = c.createStatement()) {
            s.execute(SqlResource.load("sql/schema_migration.sql"));
            for (String script : List.of("V1__warehouse.sql", "V2__ingest_ledger.sql", "V3__analytics.sql")) {
                s.execute(SqlResource.load("db/migration/" + script));
                s.execute("INSERT INTO schema_migration (script) VALUES ('" + script + "')");
            }
            s.execute(SqlResource.load("sql/test/older_build_windows.sql"));
        }

        assertEquals(
                List.of(
                        "V4__identity_and_ledger.sql",
                        "V5__product_figures_from_sales.sql",
                        "V6__grafana_reader_grants.sql",
                        "V7__product_figures_updated_in_place.sql"),
                SchemaMigrations.apply(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD));

        assertEquals(
                List.of(
                        List.of("15", "2021-03-23 09:00:00+00", "latte", "2", "3", "7.50", "t", "3"),
                        List.of("15", "2021-03-23 09:15:00+00", "latte", "1", "1", "2.50", "t", "1"),
                        List.of("15", "2021-03-23 09:15:00+00", "tea", "1", "1", "1.00", "t", "1"),
                        List.of("60", "2021-03-23 09:00:00+00", "latte", "3", "4", "10.00", "t", "4"),
                        List.of("60", "2021-03-23 09:00:00+00", "tea", "1", "1", "1.00", "t", "1")),
                warehouse.rows("SELECT w.window_minutes, w.window_start, p.name, w.sales, w.items, w.revenue,"
                        + " w.is_final, w.items_when_final FROM product_sales_window w JOIN product p USING (product_id)"
                        + " ORDER BY 1, 2, 3"),
                "every window of both sizes in use, equal to the sales, final");
    }

    @Test
    void aScriptChangedAfterItWasAppliedStopsTheJob() throws Exception {
        String url = TestStack.get().newDatabase("migrations_changed");
        Warehouse warehouse = new Warehouse(url);
        SchemaMigrations.apply(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD);
        assertEquals(
                List.of(List.of(SchemaMigrations.checksum("V2__ingest_ledger.sql"))),
                warehouse.rows("SELECT checksum FROM schema_migration WHERE script = 'V2__ingest_ledger.sql'"));

        warehouse.execute("UPDATE schema_migration SET checksum = 'abc' WHERE script = 'V2__ingest_ledger.sql'");
        IllegalStateException changed = assertThrows(
                IllegalStateException.class,
                () -> SchemaMigrations.apply(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD));
        assertTrue(
                changed.getMessage()
                        .contains("V2__ingest_ledger.sql was changed after it was applied (applied abc, now "),
                changed.getMessage());

        warehouse.execute("UPDATE schema_migration SET checksum = NULL WHERE script = 'V2__ingest_ledger.sql'");
        warehouse.execute("INSERT INTO schema_migration (script) VALUES ('V99__from_the_future.sql')");
        IllegalStateException newer = assertThrows(
                IllegalStateException.class,
                () -> SchemaMigrations.apply(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD));
        assertTrue(
                newer.getMessage().contains("V99__from_the_future.sql was applied to the warehouse but is unknown"),
                newer.getMessage());
    }

    /** A warehouse migrated by the runner before it kept checksums: they are filled in, nothing re-run. */
    @Test
    void checksumsAreRecordedForScriptsAppliedBeforeThey() throws Exception {
        String url = TestStack.get().newDatabase("migrations_old");
        Warehouse warehouse = new Warehouse(url);
        SchemaMigrations.apply(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD);
        warehouse.execute("ALTER TABLE schema_migration DROP COLUMN checksum");

        assertEquals(List.of(), SchemaMigrations.apply(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD));

        List<List<String>> recorded = warehouse.rows("SELECT script, checksum FROM schema_migration ORDER BY script");
        assertTrue(recorded.size() >= 3, recorded::toString);
        for (List<String> row : recorded) {
            assertEquals(SchemaMigrations.checksum(row.get(0)), row.get(1), row.get(0));
        }
    }
}
