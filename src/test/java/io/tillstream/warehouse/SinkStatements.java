package io.tillstream.warehouse;

import io.tillstream.aggregate.RefreshBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneId;

/**
 * The sale sink's and the window sink's statements as the sinks run them, for the statement
 * benchmark: production SQL or an alternative with the same parameters, on a connection configured
 * as the sinks configure theirs.
 */
public final class SinkStatements {
    private SinkStatements() {}

    public static String saleSql() {
        return SqlResource.load(Statements.SALE_SQL);
    }

    public static String windowSql() {
        return SqlResource.load(Statements.WINDOW_SQL);
    }

    /** A transactional connection that sends arrays in binary, as the sinks' connections do. */
    public static Connection connect(String url) throws SQLException {
        Connection c = TestDataSources.of(url, true).getConnection();
        c.setAutoCommit(false);
        return c;
    }

    public static void bindSales(PreparedStatement ps, ReceiptBatch batch, ZoneId zone) throws SQLException {
        Statements.sales(zone.getId()).accept(ps, batch);
    }

    public static void bindWindows(PreparedStatement ps, RefreshBatch batch) throws SQLException {
        Statements.windowRefreshes(ps, batch);
    }
}
