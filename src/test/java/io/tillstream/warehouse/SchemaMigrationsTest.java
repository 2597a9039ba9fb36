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

        assertEquals(List.of("V1__warehouse.sql", "V2__ingest_ledger.sql", "V3__analytics.sql"), first);
        assertEquals(List.of(), second);
        assertEquals(first.size(), warehouse.count("SELECT count(*) FROM schema_migration"));
        assertEquals(
                List.of(
                        List.of("branch"),
                        List.of("ingest_file"),
                        List.of("product"),
                        List.of("product_sales_late"),
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
                        List.of("fact_sale_item")),
                warehouse.rows(
                        "SELECT table_name FROM information_schema.views WHERE table_schema = 'public' ORDER BY 1"));
    }

    @Test
    void aScriptChangedAfterItWasAppliedStopsTheJob() throws Exception {
        String url = TestStack.get().newDatabase("migrations_changed");
        Warehouse warehouse = new Warehouse(url);
        SchemaMigrations.apply(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD);
        assertEquals(
                List.of(List.of(SchemaMigrations.checksum("V2__ingest_ledger.sql"))),
                warehouse.rows("SELECT checksum FROM schema_migration WHERE script = 'V2__ingest_ledger.sql'"));

        execute(warehouse, "UPDATE schema_migration SET checksum = 'abc' WHERE script = 'V2__ingest_ledger.sql'");
        IllegalStateException changed = assertThrows(
                IllegalStateException.class,
                () -> SchemaMigrations.apply(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD));
        assertTrue(
                changed.getMessage()
                        .contains("V2__ingest_ledger.sql was changed after it was applied (applied abc, now "),
                changed.getMessage());

        execute(warehouse, "UPDATE schema_migration SET checksum = NULL WHERE script = 'V2__ingest_ledger.sql'");
        execute(warehouse, "INSERT INTO schema_migration (script) VALUES ('V99__from_the_future.sql')");
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
        execute(warehouse, "ALTER TABLE schema_migration DROP COLUMN checksum");

        assertEquals(List.of(), SchemaMigrations.apply(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD));

        assertEquals(
                List.of(
                        List.of("V1__warehouse.sql", SchemaMigrations.checksum("V1__warehouse.sql")),
                        List.of("V2__ingest_ledger.sql", SchemaMigrations.checksum("V2__ingest_ledger.sql")),
                        List.of("V3__analytics.sql", SchemaMigrations.checksum("V3__analytics.sql"))),
                warehouse.rows("SELECT script, checksum FROM schema_migration ORDER BY script"));
    }

    private static void execute(Warehouse warehouse, String sql) throws Exception {
        try (Connection c = warehouse.connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
