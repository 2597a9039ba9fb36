package io.tillstream.warehouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the job checks in the warehouse before it submits the pipeline, so that a server too small
 * for its XA sinks or a user without a privilege fails at once with a clear message, instead of
 * as a restart loop in the TaskManagers' logs.
 */
public final class WarehouseChecks {
    /**
     * Connections one sink's subtask holds: its writer's transaction, and its committer's. At
     * parallelism 2, 7 sinks held 28 (FreshSubmissionEndToEndTest checks the job stays within what
     * this asks for). The job's main() holds one more while it checks and migrates.
     */
    static final int CONNECTIONS_PER_SINK_SUBTASK = 2;

    private static final Pattern WRITES = Pattern.compile("INSERT INTO (\\w+)");

    private WarehouseChecks() {}

    /** Thrown with every problem found, one per line. */
    public static final class NotReady extends IllegalStateException {
        NotReady(List<String> problems) {
            super("The warehouse is not ready for this job:\n  - " + String.join("\n  - ", problems));
        }
    }

    public static void verify(String jdbcUrl, String user, String password, int parallelism) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            verify(c, parallelism);
        }
    }

    public static void verify(Connection c, int parallelism) throws SQLException {
        List<String> problems = new ArrayList<>();
        capacity(c, parallelism, problems);
        privileges(c, problems);
        if (!problems.isEmpty()) {
            throw new NotReady(problems);
        }
    }

    /** Each sink's subtask holds at most one prepared transaction at a time (more only while a commit is retried). */
    static int preparedTransactionsNeeded(int parallelism) {
        return WarehouseSinks.COUNT * parallelism;
    }

    public static int connectionsNeeded(int parallelism) {
        return WarehouseSinks.COUNT * parallelism * CONNECTIONS_PER_SINK_SUBTASK + 1;
    }

    private static void capacity(Connection c, int parallelism, List<String> problems) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load("sql/warehouse_capacity.sql"));
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            int prepared = rs.getInt(1);
            int connections = rs.getInt(2);
            if (prepared < preparedTransactionsNeeded(parallelism)) {
                problems.add("max_prepared_transactions is " + prepared + "; " + WarehouseSinks.COUNT
                        + " XA sinks at parallelism " + parallelism + " need at least "
                        + preparedTransactionsNeeded(parallelism)
                        + " (more if other jobs share the server). Set it in postgresql.conf and restart PostgreSQL.");
            }
            if (connections < connectionsNeeded(parallelism)) {
                problems.add("max_connections (less superuser_reserved_connections) is " + connections + "; "
                        + WarehouseSinks.COUNT + " XA sinks at parallelism " + parallelism + " need at least "
                        + connectionsNeeded(parallelism)
                        + " for the job alone. Raise max_connections and restart PostgreSQL.");
            }
        }
    }

    private static void privileges(Connection c, List<String> problems) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load("sql/table_privilege.sql"))) {
            for (Map.Entry<String, Set<String>> table : privilegesNeeded().entrySet()) {
                for (String privilege : table.getValue()) {
                    ps.setString(1, table.getKey());
                    ps.setString(2, table.getKey());
                    ps.setString(3, privilege);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            problems.add("user " + c.getMetaData().getUserName() + " lacks " + privilege + " on table "
                                    + table.getKey() + " (GRANT " + privilege + " ON " + table.getKey() + " TO …)");
                        }
                    }
                }
            }
        }
    }

    /**
     * Read from the sinks' statements themselves: INSERT and SELECT (RETURNING, conflict checks) on
     * every table they write, UPDATE where a statement updates on conflict.
     */
    static Map<String, Set<String>> privilegesNeeded() {
        Map<String, Set<String>> needed = new LinkedHashMap<>();
        for (String resource : Statements.ALL) {
            String sql = SqlResource.load(resource);
            Matcher table = WRITES.matcher(sql);
            while (table.find()) {
                Set<String> privileges = needed.computeIfAbsent(table.group(1), t -> new LinkedHashSet<>());
                privileges.add("INSERT");
                privileges.add("SELECT");
                if (sql.contains("DO UPDATE")) {
                    privileges.add("UPDATE");
                }
            }
        }
        return needed;
    }
}
