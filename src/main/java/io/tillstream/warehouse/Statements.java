package io.tillstream.warehouse;

import io.tillstream.aggregate.RefreshBatch;
import io.tillstream.aggregate.WindowRefresh;
import io.tillstream.ledger.IngestFileRow;
import io.tillstream.parse.Receipt;
import io.tillstream.parse.Rejection;
import io.tillstream.parse.SaleItem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/** Binds each record type to the parameters of its statement in {@code src/main/resources/sql}. */
final class Statements {
    static final String SALE_SQL = "sql/upsert_sale.sql";
    static final String PRODUCT_SQL = "sql/upsert_product.sql";
    static final String BRANCH_SQL = "sql/upsert_branch.sql";
    static final String REJECTION_SQL = "sql/insert_rejected_row.sql";
    static final String INGEST_FILE_SQL = "sql/upsert_ingest_file.sql";
    static final String WINDOW_SQL = "sql/refresh_product_sales_window.sql";
    /** Every sink's statement. */
    static final List<String> ALL =
            List.of(SALE_SQL, PRODUCT_SQL, BRANCH_SQL, REJECTION_SQL, INGEST_FILE_SQL, WINDOW_SQL);

    private Statements() {}

    /** Binds a batch of receipts; the till's local time is derived from the instant in {@code timeZone}. */
    static JdbcStatementBuilder<ReceiptBatch> sales(String timeZone) {
        return (ps, batch) -> sales(ps, batch, ZoneId.of(timeZone));
    }

    private static void sales(PreparedStatement ps, ReceiptBatch batch, ZoneId zone) throws SQLException {
        List<Receipt> receipts = onePerSale(batch.receipts());
        int n = receipts.size();
        int itemCount = 0;
        for (Receipt r : receipts) {
            itemCount += r.items().size();
        }
        String[][] sale = new String[10][n];
        String[][] itemColumns = new String[4][itemCount];
        int at = 0;
        for (int s = 0; s < n; s++) {
            Receipt r = receipts.get(s);
            sale[0][s] = r.saleId();
            sale[1][s] = r.branchId();
            sale[2][s] = r.soldAt().toString();
            sale[3][s] = r.paymentType().name();
            sale[4][s] = r.total().toPlainString();
            sale[5][s] = r.customerKey().isEmpty() ? null : r.customerKey();
            sale[6][s] = Integer.toString(r.items().size());
            sale[7][s] = r.sourceFile();
            sale[8][s] = Long.toString(r.sourceLine());
            sale[9][s] = r.soldAt().atZone(zone).toLocalDateTime().toString();
            for (int i = 0; i < r.items().size(); i++, at++) {
                SaleItem item = r.items().get(i);
                itemColumns[0][at] = r.saleId();
                itemColumns[1][at] = Integer.toString(i + 1);
                itemColumns[2][at] = item.productId();
                itemColumns[3][at] = item.price().toPlainString();
            }
        }
        setTextArrays(ps, 1, sale);
        setTextArrays(ps, sale.length + 1, itemColumns);
    }

    /**
     * The dedupe stage lets a sale id through once per retention, so a batch holds it twice only if
     * the key expired in between. The statement inserts items without a conflict check, so the
     * repeat must not reach it: it would fail the transaction on every replay.
     */
    private static List<Receipt> onePerSale(List<Receipt> receipts) {
        Set<String> seen = new HashSet<>(receipts.size() * 2);
        List<Receipt> first = new ArrayList<>(receipts.size());
        for (Receipt r : receipts) {
            if (seen.add(r.saleId())) {
                first.add(r);
            }
        }
        return first;
    }

    /** Binds each column as a text array from parameter {@code first} on; the statement casts them. */
    private static void setTextArrays(PreparedStatement ps, int first, String[][] columns) throws SQLException {
        Connection c = ps.getConnection();
        for (int column = 0; column < columns.length; column++) {
            ps.setArray(first + column, c.createArrayOf("text", columns[column]));
        }
    }

    static void product(PreparedStatement ps, ProductRow p) throws SQLException {
        ps.setObject(1, UUID.fromString(p.productId()));
        ps.setString(2, p.name());
        ps.setString(3, p.size());
        ps.setString(4, p.flavour());
    }

    static void branch(PreparedStatement ps, BranchRow b) throws SQLException {
        ps.setObject(1, UUID.fromString(b.branchId()));
        ps.setString(2, b.name());
    }

    static void rejection(PreparedStatement ps, Rejection r) throws SQLException {
        ps.setObject(1, UUID.fromString(r.rejectionId()));
        ps.setString(2, r.sourceFile());
        ps.setLong(3, r.sourceLine());
        ps.setString(4, r.reasonCode());
        ps.setString(5, r.reason());
        ps.setString(6, r.excerpt());
    }

    static void ingestFile(PreparedStatement ps, IngestFileRow f) throws SQLException {
        ps.setString(1, f.path());
        setOptionalLong(ps, 2, f.readToEnd(), f.sizeBytes());
        setOptionalTime(ps, 3, f.readToEnd(), f.uploadedAt());
        ps.setTimestamp(4, new Timestamp(f.firstSeen()));
        ps.setLong(5, f.linesRead());
        ps.setLong(6, f.blankLines());
        ps.setLong(7, f.headerLines());
        ps.setLong(8, f.salesNew());
        ps.setLong(9, f.duplicatesInState());
        ps.setLong(10, f.rejected());
        setOptionalTime(ps, 11, f.hasSales(), f.earliestSale());
        setOptionalTime(ps, 12, f.hasSales(), f.latestSale());
        ps.setBoolean(13, f.readToEnd());
        ps.setBoolean(14, f.complete());
        ps.setString(15, f.readError());
    }

    static void windowRefreshes(PreparedStatement ps, RefreshBatch batch) throws SQLException {
        String[][] markColumns = windowColumns(batch.markFinal(), false);
        setTextArrays(ps, 1, markColumns);
        setTextArrays(ps, markColumns.length + 1, windowColumns(batch.refreshes(), true));
    }

    /** Size, start and branch of each window, and whether it is settled when {@code withSettled}. */
    private static String[][] windowColumns(List<WindowRefresh> windows, boolean withSettled) {
        String[][] columns = new String[withSettled ? 4 : 3][windows.size()];
        for (int i = 0; i < windows.size(); i++) {
            WindowRefresh w = windows.get(i);
            columns[0][i] = Integer.toString(w.windowMinutes());
            columns[1][i] = Instant.ofEpochMilli(w.windowStart()).toString();
            columns[2][i] = w.branchId();
            if (withSettled) {
                columns[3][i] = Boolean.toString(w.settled());
            }
        }
        return columns;
    }

    private static void setOptionalLong(PreparedStatement ps, int index, boolean present, long value)
            throws SQLException {
        if (present) {
            ps.setLong(index, value);
        } else {
            ps.setNull(index, Types.BIGINT);
        }
    }

    private static void setOptionalTime(PreparedStatement ps, int index, boolean present, long epochMillis)
            throws SQLException {
        if (present) {
            ps.setTimestamp(index, new Timestamp(epochMillis));
        } else {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }
}
