package io.tillstream.local;

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
 * Prints what a person running the quick start wants to follow: files picked up, every line's fate
 * from the ledger (loaded, duplicate, rejected), the files that need a look, and from time to time
 * the best-selling products. It reads only the warehouse, as a real operator would.
 */
final class ProgressReporter implements Runnable {
    private static final int TOP_PRODUCTS = 5;
    private static final int SUMMARY_EVERY = 6;

    private final DataSource warehouse;
    private final Consumer<String> out;
    private final long expectedLines;
    private final long startNanos;
    private final int windowMinutes;
    private final String timeZone;
    private String lastWindow = "";

    private Snapshot last = Snapshot.NOTHING;
    private int reports;
    private long itemsAtLastSummary;
    private boolean caughtUp;

    /**
     * @param expectedLines lines with content uploaded at start, to say when they are all accounted for
     * @param startNanos when the job was submitted ({@link System#nanoTime()})
     */
    ProgressReporter(
            DataSource warehouse,
            long expectedLines,
            long startNanos,
            int windowMinutes,
            String timeZone,
            Consumer<String> out) {
        this.warehouse = warehouse;
        this.windowMinutes = windowMinutes;
        this.timeZone = timeZone;
        this.startNanos = startNanos;
        this.expectedLines = expectedLines;
        this.out = out;
    }

    private record Snapshot(
            long sales,
            long items,
            BigDecimal revenue,
            long files,
            long filesComplete,
            long linesRead,
            long loaded,
            long duplicates,
            long rejected) {
        static final Snapshot NOTHING = new Snapshot(0, 0, BigDecimal.ZERO, 0, 0, 0, 0, 0, 0);

        long accounted() {
            return loaded + duplicates + rejected;
        }
    }

    @Override
    public void run() {
        try {
            Snapshot now = snapshot();
            if (!now.equals(last)) {
                out.accept(String.format(
                        "[%s] files %d (%d complete) | lines %,d = %,d loaded + %,d duplicates + %,d rejected"
                                + " | sales %,d | items %,d | revenue £%,.2f",
                        LocalTime.now().truncatedTo(ChronoUnit.SECONDS),
                        now.files,
                        now.filesComplete,
                        now.linesRead,
                        now.loaded,
                        now.duplicates,
                        now.rejected,
                        now.sales,
                        now.items,
                        now.revenue));
            }
            if (!caughtUp && expectedLines > 0 && now.accounted() >= expectedLines) {
                caughtUp = true;
                double seconds =
                        Duration.ofNanos(System.nanoTime() - startNanos).toMillis() / 1000.0;
                out.accept(String.format(
                        "all %,d uploaded lines accounted for %.1f s after the job was submitted (%,.0f lines/s,"
                                + " including start-up and checkpoint commits)",
                        expectedLines, seconds, expectedLines / seconds));
                printProblemFiles();
            }
            if (++reports % SUMMARY_EVERY == 1 && now.items != itemsAtLastSummary) {
                itemsAtLastSummary = now.items;
                printTopProducts();
            }
            printLatestWindow();
            if (now.duplicates + now.rejected > last.duplicates + last.rejected && caughtUp) {
                printProblemFiles();
            }
            last = now;
        } catch (Exception e) {
            out.accept("progress unavailable: " + e.getMessage());
        }
    }

    private Snapshot snapshot() throws SQLException {
        try (Connection c = warehouse.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlResource.load("sql/local/progress.sql"));
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Snapshot(
                    rs.getLong("sales"),
                    rs.getLong("items"),
                    rs.getBigDecimal("revenue"),
                    rs.getLong("files"),
                    rs.getLong("files_complete"),
                    rs.getLong("lines_read"),
                    rs.getLong("loaded"),
                    rs.getLong("duplicates"),
                    rs.getLong("rejected"));
        }
    }

    /** The ledger's files with duplicates or rejections, so nobody has to go looking for them. */
    private void printProblemFiles() throws SQLException {
        StringBuilder report = new StringBuilder();
        try (Connection c = warehouse.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlResource.load("sql/local/ledger_problems.sql"));
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                report.append(String.format(
                        "%n  %s: %d rejected%s, %d duplicates%s",
                        rs.getString("path"),
                        rs.getLong("rejected"),
                        rs.getString("reasons").isEmpty() ? "" : " (" + rs.getString("reasons") + ")",
                        rs.getLong("duplicates"),
                        rs.getString("read_error").isEmpty() ? "" : "; unreadable: " + rs.getString("read_error")));
            }
        }
        out.accept(
                report.isEmpty()
                        ? "ledger: every line of every file loaded"
                        : "ledger: files with lines not loaded (see rejected_row and ingest_file):" + report);
    }

    /** Once per newly final window: its three best sellers. */
    private void printLatestWindow() throws SQLException {
        StringBuilder line = new StringBuilder();
        String window = "";
        try (Connection c = warehouse.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlResource.load("sql/local/latest_window.sql"))) {
            ps.setInt(1, windowMinutes);
            ps.setString(2, timeZone);
            ps.setInt(3, windowMinutes);
            try (ResultSet rs = ps.executeQuery()) {
                for (int rank = 1; rs.next(); rank++) {
                    window = rs.getString("local_start");
                    line.append(String.format(
                            "  %d. %s ×%d £%.2f",
                            rank, rs.getString("product_label"), rs.getLong("items"), rs.getBigDecimal("revenue")));
                }
            }
        }
        if (!window.isEmpty() && !window.equals(lastWindow)) {
            lastWindow = window;
            out.accept("newest final " + windowMinutes + "-min window, " + window + ":" + line);
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
