package io.tillstream.local;

import io.tillstream.job.TillstreamPipeline;
import io.tillstream.warehouse.SqlResource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Prints what a person running the quick start wants to follow: files picked up, rows loaded,
 * duplicates and rejections, and from time to time the best-selling products. It reads the
 * warehouse and the job's metrics, the same places a real operator would look.
 */
final class ProgressReporter implements Runnable {
    private static final int TOP_PRODUCTS = 5;
    private static final int SUMMARY_EVERY = 6;

    private final DataSource warehouse;
    private final FlinkRestMetrics metrics;
    private final Consumer<String> out;
    private final long expectedLines;
    private final long startNanos;

    private Snapshot last = new Snapshot(0, 0, 0, 0, BigDecimal.ZERO, 0);
    private int reports;
    private long itemsAtLastSummary;
    private boolean caughtUp;

    /**
     * @param expectedLines non-blank lines uploaded at start, to say when they are all accounted for
     * @param startNanos when the job was submitted ({@link System#nanoTime()})
     */
    ProgressReporter(
            DataSource warehouse, FlinkRestMetrics metrics, long expectedLines, long startNanos, Consumer<String> out) {
        this.warehouse = warehouse;
        this.startNanos = startNanos;
        this.metrics = metrics;
        this.expectedLines = expectedLines;
        this.out = out;
    }

    private record Snapshot(long sales, long items, long rejected, long files, BigDecimal revenue, long duplicates) {
        long accountedLines() {
            return sales + rejected + duplicates;
        }
    }

    @Override
    public void run() {
        try {
            Snapshot now = snapshot();
            if (!now.equals(last)) {
                out.accept(String.format(
                        "[%s] files %d | sales %,d (+%,d) | items %,d | revenue £%,.2f | duplicates %,d | rejected %,d",
                        LocalTime.now().truncatedTo(ChronoUnit.SECONDS),
                        now.files,
                        now.sales,
                        now.sales - last.sales,
                        now.items,
                        now.revenue,
                        now.duplicates,
                        now.rejected));
            }
            if (!caughtUp && expectedLines > 0 && now.accountedLines() >= expectedLines) {
                caughtUp = true;
                double seconds =
                        Duration.ofNanos(System.nanoTime() - startNanos).toMillis() / 1000.0;
                out.accept(String.format(
                        "all %,d sample lines accounted for %.1f s after the job was submitted (%,.0f lines/s,"
                                + " including start-up and checkpoint commits)",
                        expectedLines, seconds, expectedLines / seconds));
            }
            if (++reports % SUMMARY_EVERY == 1 && now.items != itemsAtLastSummary) {
                itemsAtLastSummary = now.items;
                printTopProducts();
            }
            last = now;
        } catch (Exception e) {
            out.accept("progress unavailable: " + e.getMessage());
        }
    }

    private Snapshot snapshot() throws Exception {
        try (Connection c = warehouse.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlResource.load("sql/local/progress.sql"));
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Snapshot(
                    rs.getLong("sales"),
                    rs.getLong("items"),
                    rs.getLong("rejected"),
                    rs.getLong("files"),
                    rs.getBigDecimal("revenue"),
                    metrics.sum(TillstreamPipeline.Metric.DUPLICATE_SALES));
        }
    }

    private void printTopProducts() throws SQLException {
        StringBuilder summary = new StringBuilder("top products so far:");
        try (Connection c = warehouse.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlResource.load("sql/local/top_products.sql"))) {
            ps.setInt(1, TOP_PRODUCTS);
            try (ResultSet rs = ps.executeQuery()) {
                for (int rank = 1; rs.next(); rank++) {
                    summary.append(String.format(
                            "%n  %d. %-40s %,7d sold  £%,10.2f",
                            rank, rs.getString("product"), rs.getLong("items"), rs.getBigDecimal("revenue")));
                }
            }
        }
        out.accept(summary.toString());
    }
}
