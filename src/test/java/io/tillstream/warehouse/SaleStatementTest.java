package io.tillstream.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillstream.local.EmbeddedWarehouse;
import io.tillstream.parse.PaymentType;
import io.tillstream.parse.Receipt;
import io.tillstream.parse.SaleItem;
import io.tillstream.testing.TestStack;
import io.tillstream.testing.Warehouse;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sale sink's statement and binder on a real PostgreSQL, for batches a replay can produce. */
class SaleStatementTest {
    private static final String LATTE = "3f0c2a5e-5d4b-3c1a-9e8f-7a6b5c4d3e2f";
    private static final String SCONE = "0a1b2c3d-4e5f-3a6b-8c7d-9e0f1a2b3c4d";

    @Test
    void aSaleTwiceInOneBatchIsStoredOnceWithItsItemsOnce() throws Exception {
        String url = TestStack.get().newDatabase("sale_statement_twice");
        SchemaMigrations.apply(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD);
        Receipt first = receipt("6b1f2a3c-1d2e-8f40-9a1b-2c3d4e5f6a7b", 1, LATTE, SCONE);
        Receipt other = receipt("7c2a3b4d-2e3f-8a51-8b2c-3d4e5f6a7b8c", 2, SCONE);

        write(url, new ReceiptBatch(List.of(first, other, first)));

        Warehouse warehouse = new Warehouse(url);
        assertEquals(2, warehouse.count("SELECT count(*) FROM sale"));
        assertEquals(
                List.of(
                        List.of(first.saleId(), "1", LATTE),
                        List.of(first.saleId(), "2", SCONE),
                        List.of(other.saleId(), "1", SCONE)),
                warehouse.rows("SELECT sale_id, line_no, product_id FROM sale_item ORDER BY 1, 2"));
    }

    @Test
    void aBatchOfSalesAlreadyStoredChangesNothing() throws Exception {
        String url = TestStack.get().newDatabase("sale_statement_replay");
        SchemaMigrations.apply(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD);
        ReceiptBatch batch = new ReceiptBatch(List.of(
                receipt("6b1f2a3c-1d2e-8f40-9a1b-2c3d4e5f6a7b", 1, LATTE, SCONE),
                receipt("7c2a3b4d-2e3f-8a51-8b2c-3d4e5f6a7b8c", 2, SCONE)));

        write(url, batch);
        write(url, batch);

        Warehouse warehouse = new Warehouse(url);
        assertEquals(2, warehouse.count("SELECT count(*) FROM sale"));
        assertEquals(3, warehouse.count("SELECT count(*) FROM sale_item"));
        assertEquals(new BigDecimal("7.65"), warehouse.decimal("SELECT sum(price) FROM sale_item"));
    }

    private static void write(String url, ReceiptBatch batch) throws Exception {
        try (Connection c = TestDataSources.of(url, true).getConnection();
                PreparedStatement ps = c.prepareStatement(SqlResource.load(Statements.SALE_SQL))) {
            Statements.sales("UTC").accept(ps, batch);
            ps.executeUpdate();
        }
    }

    private static Receipt receipt(String saleId, long line, String... productIds) {
        List<SaleItem> items = Arrays.stream(productIds)
                .map(id -> new SaleItem(id, id.equals(LATTE) ? "Latte" : "Scone", "Regular", "", price(id)))
                .toList();
        BigDecimal total = items.stream().map(SaleItem::price).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Receipt(
                saleId,
                "5e4d3c2b-1a09-3f8e-9d7c-6b5a4f3e2d1c",
                "Chesterfield",
                Instant.parse("2021-08-25T09:0" + line + ":00Z"),
                PaymentType.CASH,
                total,
                "",
                items,
                "in/2021/08/25/chesterfield_25-08-2021_09-00-00.csv",
                line);
    }

    private static BigDecimal price(String productId) {
        return new BigDecimal(productId.equals(LATTE) ? "2.45" : "2.60");
    }
}
