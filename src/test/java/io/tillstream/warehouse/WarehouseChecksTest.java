package io.tillstream.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillstream.local.EmbeddedWarehouse;
import io.tillstream.testing.TestStack;
import io.tillstream.testing.Warehouse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start-up checks against a real server: its limits, and a user's privileges. */
class WarehouseChecksTest {

    @Test
    void sizingCountsEverySinkTimesParallelism() throws Exception {
        String url = migrated("checks_size");
        try (Connection c = new Warehouse(url).connect()) {
            WarehouseChecks.verify(c, 2);

            // the test server allows 64 prepared transactions and 200 connections
            WarehouseChecks.NotReady tooMany =
                    assertThrows(WarehouseChecks.NotReady.class, () -> WarehouseChecks.verify(c, 20));
            assertTrue(
                    tooMany.getMessage()
                            .contains(
                                    "max_prepared_transactions is 64; 6 XA sinks at parallelism 20 need at least 120"),
                    tooMany.getMessage());
            assertTrue(
                    tooMany.getMessage().contains("is 197; 6 XA sinks at parallelism 20 need at least 241"),
                    tooMany.getMessage());
        }
    }

    @Test
    void aUserWithoutWritePrivilegesIsToldWhichAreMissing() throws Exception {
        String url = migrated("checks_privileges");
        try (Connection c = new Warehouse(url).connect();
                Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN CREATE ROLE checks_reader LOGIN PASSWORD 'reader';"
                    + " EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO checks_reader");
            s.execute("GRANT INSERT ON sale, sale_item TO checks_reader");
        }
        try (Connection reader = DriverManager.getConnection(url, "checks_reader", "reader")) {
            WarehouseChecks.NotReady refused =
                    assertThrows(WarehouseChecks.NotReady.class, () -> WarehouseChecks.verify(reader, 2));

            List<String> problems = refused.getMessage().lines().skip(1).toList();
            assertEquals(
                    List.of(
                            "  - user checks_reader lacks INSERT on table product (GRANT INSERT ON product TO …)",
                            "  - user checks_reader lacks INSERT on table branch (GRANT INSERT ON branch TO …)",
                            "  - user checks_reader lacks INSERT on table rejected_row (GRANT INSERT ON rejected_row TO …)",
                            "  - user checks_reader lacks INSERT on table ingest_file_stream (GRANT INSERT ON ingest_file_stream TO …)",
                            "  - user checks_reader lacks UPDATE on table ingest_file_stream (GRANT UPDATE ON ingest_file_stream TO …)",
                            "  - user checks_reader lacks INSERT on table product_sales_window (GRANT INSERT ON product_sales_window TO …)",
                            "  - user checks_reader lacks UPDATE on table product_sales_window (GRANT UPDATE ON product_sales_window TO …)"),
                    problems);
        }
    }

    private static String migrated(String name) throws Exception {
        String url = TestStack.get().newDatabase(name);
        SchemaMigrations.apply(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD);
        return url;
    }
}
