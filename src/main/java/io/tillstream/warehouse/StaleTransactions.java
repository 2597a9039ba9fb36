package io.tillstream.warehouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls back the prepared XA transactions an earlier run of this job left in the warehouse, when
 * the job is submitted without state (no savepoint, no checkpoint).
 *
 * <p>Why they would stall the new job: each holds the row locks of the keys it inserted, the new
 * job inserts the same keys again, and waits; the connector's own recovery rolls back only
 * transactions of the same job id, which a new submission never has.
 *
 * <p>Why rolling them back is safe then, and only then: a job started without state reads every
 * file under the prefix again from the start, and every statement is idempotent, so whatever a
 * stale transaction held is written again, committed by the new job. A job restored from a
 * savepoint or checkpoint must not do this: its restored writer state lists the transactions it
 * still has to commit, possibly an earlier job's, and the writer commits those and rolls back the
 * one it was preparing when the state was taken. Only transactions named like this job's sinks
 * ({@link SinkScopedXaConnectionProvider}: format 202, a sink's scope byte, a 16-byte job id and a
 * subtask) are touched; any other application's prepared transactions are left alone.
 */
public final class StaleTransactions {
    private static final Logger LOG = LoggerFactory.getLogger(StaleTransactions.class);
    /** flink-connector-jdbc's XA format id, as PostgreSQL's JDBC driver writes a gid. */
    private static final Pattern GID = Pattern.compile("202_([A-Za-z0-9+/=]+)_([A-Za-z0-9+/=]+)");
    /** Scope byte, job id, subtask index. */
    private static final int GLOBAL_ID_LENGTH = 1 + 16 + 4;

    private StaleTransactions() {}

    /** A prepared transaction of one of this job's sinks. */
    public record Stale(String gid, String sink, String jobId, String prepared) {}

    /** Rolls back every prepared transaction of this job's sinks in the warehouse; returns them. */
    public static List<Stale> rollBack(String jdbcUrl, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            return rollBack(c);
        }
    }

    public static List<Stale> rollBack(Connection c) throws SQLException {
        List<Stale> stale = find(c);
        try (Statement s = c.createStatement()) {
            for (Stale x : stale) {
                // the gid matched GID: base64 and digits only, nothing to escape
                s.execute("ROLLBACK PREPARED '" + x.gid() + "'");
                LOG.warn(
                        "rolled back a prepared transaction of an earlier run: sink {}, job {}, prepared at {}",
                        x.sink(),
                        x.jobId(),
                        x.prepared());
            }
        }
        return stale;
    }

    static List<Stale> find(Connection c) throws SQLException {
        List<Stale> stale = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load("sql/prepared_transactions.sql"));
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ours(rs.getString(1), rs.getString(2)).ifPresent(stale::add);
            }
        }
        return stale;
    }

    static Optional<Stale> ours(String gid, String prepared) {
        Matcher m = GID.matcher(gid);
        if (!m.matches()) {
            return Optional.empty();
        }
        byte[] global = Base64.getDecoder().decode(m.group(1));
        if (global.length != GLOBAL_ID_LENGTH) {
            return Optional.empty();
        }
        return Arrays.stream(WarehouseSinks.Scope.values())
                .filter(scope -> scope.tag == global[0])
                .findFirst()
                .map(scope -> new Stale(gid, scope.name(), hex(Arrays.copyOfRange(global, 1, 17)), prepared));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
