package io.tillstream.warehouse;

import io.tillstream.aggregate.RefreshBatch;
import io.tillstream.aggregate.WindowRefresh;
import io.tillstream.ledger.IngestFileRow;
import io.tillstream.parse.Receipt;
import io.tillstream.parse.Rejection;
import io.tillstream.parse.SaleItem;
import io.tillstream.warehouse.BinaryArray.Element;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
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
        BinaryArray saleIds = new BinaryArray(Element.UUID, n);
        BinaryArray branchIds = new BinaryArray(Element.UUID, n);
        BinaryArray soldAt = new BinaryArray(Element.TIMESTAMPTZ, n);
        BinaryArray paymentTypes = new BinaryArray(Element.TEXT, n);
        BinaryArray totals = new BinaryArray(Element.NUMERIC, n);
        BinaryArray customerKeys = new BinaryArray(Element.UUID, n);
        BinaryArray itemCounts = new BinaryArray(Element.INT4, n);
        BinaryArray sourceFiles = new BinaryArray(Element.TEXT, n);
        BinaryArray sourceLines = new BinaryArray(Element.INT8, n);
        BinaryArray soldLocal = new BinaryArray(Element.TIMESTAMP, n);
        BinaryArray itemSaleIds = new BinaryArray(Element.UUID, itemCount);
        BinaryArray lineNumbers = new BinaryArray(Element.INT4, itemCount);
        BinaryArray productIds = new BinaryArray(Element.UUID, itemCount);
        BinaryArray prices = new BinaryArray(Element.NUMERIC, itemCount);
        for (Receipt r : receipts) {
            saleIds.uuid(r.saleId());
            branchIds.uuid(r.branchId());
            soldAt.timestamptz(r.soldAt());
            paymentTypes.text(r.paymentType().name());
            totals.numeric(r.total());
            customerKeys.uuid(r.customerKey());
            itemCounts.int4(r.items().size());
            sourceFiles.text(r.sourceFile());
            sourceLines.int8(r.sourceLine());
            soldLocal.timestamp(LocalDateTime.ofInstant(r.soldAt(), zone));
            for (int i = 0; i < r.items().size(); i++) {
                SaleItem item = r.items().get(i);
                itemSaleIds.uuid(r.saleId());
                lineNumbers.int4(i + 1);
                productIds.uuid(item.productId());
                prices.numeric(item.price());
            }
        }
        bind(
                ps,
                saleIds,
                branchIds,
                soldAt,
                paymentTypes,
                totals,
                customerKeys,
                itemCounts,
                sourceFiles,
                sourceLines,
                soldLocal,
                itemSaleIds,
                lineNumbers,
                productIds,
                prices);
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

    /** Binds the arrays to the statement's parameters, in order. */
    private static void bind(PreparedStatement ps, BinaryArray... columns) throws SQLException {
        for (int i = 0; i < columns.length; i++) {
            ps.setObject(i + 1, columns[i]);
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

    /** Runs as the window sink executes its batch, so the wait comes right before the statement. */
    static void windowRefreshes(PreparedStatement ps, RefreshBatch batch) throws SQLException {
        List<WindowRefresh> marks = batch.markFinal();
        List<WindowRefresh> refreshes = batch.refreshes();
        if (!refreshes.isEmpty()) {
            SaleCommits.await(ps.getConnection(), batch.jobId(), batch.completedCheckpoint());
        }
        BinaryArray refreshSettled = new BinaryArray(Element.BOOL, refreshes.size());
        for (WindowRefresh w : refreshes) {
            refreshSettled.bool(w.settled());
        }
        BinaryArray[] mark = windowColumns(marks);
        BinaryArray[] refresh = windowColumns(refreshes);
        bind(ps, mark[0], mark[1], mark[2], refresh[0], refresh[1], refresh[2], refreshSettled);
    }

    /** Size, start and branch of each window. */
    private static BinaryArray[] windowColumns(List<WindowRefresh> windows) {
        BinaryArray minutes = new BinaryArray(Element.INT4, windows.size());
        BinaryArray starts = new BinaryArray(Element.TIMESTAMPTZ, windows.size());
        BinaryArray branches = new BinaryArray(Element.UUID, windows.size());
        for (WindowRefresh w : windows) {
            minutes.int4(w.windowMinutes());
            starts.timestamptz(Instant.ofEpochMilli(w.windowStart()));
            branches.uuid(w.branchId());
        }
        return new BinaryArray[] {minutes, starts, branches};
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
