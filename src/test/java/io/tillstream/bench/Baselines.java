package io.tillstream.bench;

import io.tillstream.parse.Receipt;
import io.tillstream.parse.SaleItem;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/** The loaders Tillstream is measured against, writing the same rows into the same schema. */
final class Baselines {
    private Baselines() {}

    /** The limit: PostgreSQL's COPY of the finished rows, one COPY per table. Returns the seconds. */
    static Stopwatch.Lap copy(Connection c, NormalisedRows rows, ZoneId zone) throws SQLException, IOException {
        StringBuilder branches = new StringBuilder();
        rows.branches.forEach(
                (id, name) -> branches.append(id).append(',').append(csv(name)).append('\n'));
        StringBuilder products = new StringBuilder();
        for (SaleItem p : rows.products.values()) {
            products.append(p.productId())
                    .append(',')
                    .append(csv(p.productName()))
                    .append(',')
                    .append(csv(p.size()))
                    .append(',')
                    .append(csv(p.flavour()))
                    .append('\n');
        }
        StringBuilder sales = new StringBuilder();
        StringBuilder items = new StringBuilder();
        for (Receipt r : rows.sales.values()) {
            sales.append(r.saleId())
                    .append(',')
                    .append(r.branchId())
                    .append(',')
                    .append(r.soldAt())
                    .append(',')
                    .append(r.paymentType())
                    .append(',')
                    .append(r.total().toPlainString())
                    .append(',')
                    .append(r.customerKey())
                    .append(',')
                    .append(r.items().size())
                    .append(',')
                    .append(csv(r.sourceFile()))
                    .append(',')
                    .append(r.sourceLine())
                    .append(',')
                    .append(r.soldAt().atZone(zone).toLocalDateTime())
                    .append('\n');
            int line = 0;
            for (SaleItem i : r.items()) {
                items.append(r.saleId())
                        .append(',')
                        .append(++line)
                        .append(',')
                        .append(i.productId())
                        .append(',')
                        .append(i.price().toPlainString())
                        .append('\n');
            }
        }
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        Stopwatch watch = Stopwatch.start();
        copy.copyIn("COPY branch (branch_id, name) FROM STDIN (FORMAT csv)", new StringReader(branches.toString()));
        copy.copyIn(
                "COPY product (product_id, name, size, flavour) FROM STDIN (FORMAT csv)",
                new StringReader(products.toString()));
        copy.copyIn(
                "COPY sale (sale_id, branch_id, sold_at, payment_type, total, customer_key, item_count,"
                        + " source_file, source_line, sold_local) FROM STDIN (FORMAT csv)",
                new StringReader(sales.toString()));
        copy.copyIn(
                "COPY sale_item (sale_id, line_no, product_id, price) FROM STDIN (FORMAT csv)",
                new StringReader(items.toString()));
        return watch.lap();
    }

    /**
     * The baseline: what the chain's earlier loaders did, parsing in the client and sending one
     * INSERT per row with autocommit. Parsing is inside the timing, as it was for them.
     */
    static Stopwatch.Lap rowByRow(Connection c, Supplier<NormalisedRows> parse, ZoneId zone) throws SQLException {
        Stopwatch watch = Stopwatch.start();
        NormalisedRows rows = parse.get();
        c.setAutoCommit(true);
        Set<String> branchesSeen = new HashSet<>();
        Set<String> productsSeen = new HashSet<>();
        try (PreparedStatement branch = c.prepareStatement("INSERT INTO branch (branch_id, name) VALUES (?, ?)");
                PreparedStatement product = c.prepareStatement(
                        "INSERT INTO product (product_id, name, size, flavour) VALUES (?, ?, ?, ?)");
                PreparedStatement sale = c.prepareStatement("INSERT INTO sale (sale_id, branch_id, sold_at,"
                        + " payment_type, total, customer_key, item_count, source_file, source_line, sold_local)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement item = c.prepareStatement(
                        "INSERT INTO sale_item (sale_id, line_no, product_id, price) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<String, Receipt> entry : rows.sales.entrySet()) {
                Receipt r = entry.getValue();
                if (branchesSeen.add(r.branchId())) {
                    branch.setObject(1, UUID.fromString(r.branchId()));
                    branch.setString(2, r.branchName());
                    branch.executeUpdate();
                }
                sale.setObject(1, UUID.fromString(r.saleId()));
                sale.setObject(2, UUID.fromString(r.branchId()));
                sale.setTimestamp(3, Timestamp.from(r.soldAt()));
                sale.setString(4, r.paymentType().name());
                sale.setBigDecimal(5, r.total());
                sale.setObject(6, r.customerKey().isEmpty() ? null : UUID.fromString(r.customerKey()));
                sale.setInt(7, r.items().size());
                sale.setString(8, r.sourceFile());
                sale.setLong(9, r.sourceLine());
                sale.setObject(10, r.soldAt().atZone(zone).toLocalDateTime());
                sale.executeUpdate();
                int line = 0;
                for (SaleItem i : r.items()) {
                    if (productsSeen.add(i.productId())) {
                        product.setObject(1, UUID.fromString(i.productId()));
                        product.setString(2, i.productName());
                        product.setString(3, i.size());
                        product.setString(4, i.flavour());
                        product.executeUpdate();
                    }
                    item.setObject(1, UUID.fromString(r.saleId()));
                    item.setInt(2, ++line);
                    item.setObject(3, UUID.fromString(i.productId()));
                    item.setBigDecimal(4, i.price());
                    item.executeUpdate();
                }
            }
        }
        return watch.lap();
    }

    private static String csv(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
