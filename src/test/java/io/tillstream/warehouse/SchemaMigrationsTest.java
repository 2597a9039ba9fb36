package io.tillstream.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillstream.local.EmbeddedWarehouse;
import io.tillstream.testing.TestStack;
import io.tillstream.testing.Warehouse;
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
                        "V4__identity_and_ledger.sql"),
                first);
        assertEquals(List.of(), second);
        assertEquals(first.size(), warehouse.count("SELECT count(*) FROM schema_migration"));
        assertEquals(
                List.of(
                        List.of("branch"),
                        List.of("ingest_file_stream"),
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
                        List.of("fact_sale_item"),
                        List.of("ingest_file"),
                        List.of("ledger_check"),
                        List.of("ledger_mismatch")),
                warehouse.rows(
                        "SELECT table_name FROM information_schema.views WHERE table_schema = 'public' ORDER BY 1"));
    }
}
