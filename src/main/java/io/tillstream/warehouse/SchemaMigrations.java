package io.tillstream.warehouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned scripts listed in {@code db/migrations.txt}, each once and in order, each
 * in its own transaction (PostgreSQL DDL is transactional). Called once by the job's main() before
 * the pipeline is submitted, never from parallel tasks; an advisory lock still serialises two
 * submissions racing each other.
 */
public final class SchemaMigrations {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
    private static final String INDEX = "db/migrations.txt";
    private static final long LOCK_KEY = 0x7715_7eaaL;

    private SchemaMigrations() {}

    /** Returns the scripts applied by this call (empty when the schema was current). */
    public static List<String> apply(String jdbcUrl, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            return apply(c);
        }
    }

    public static List<String> apply(Connection c) throws SQLException {
        List<String> applied = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
            try {
                s.execute(SqlResource.load("sql/schema_migration.sql"));
                for (String script : scripts()) {
                    if (!isApplied(c, script)) {
                        run(c, script);
                        applied.add(script);
                    }
                }
            } finally {
                s.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
            }
        }
        return applied;
    }

    private static List<String> scripts() {
        return SqlResource.load(INDEX)
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    private static boolean isApplied(Connection c, String script) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM schema_migration WHERE script = ?")) {
            ps.setString(1, script);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void run(Connection c, String script) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement();
                PreparedStatement record = c.prepareStatement("INSERT INTO schema_migration (script) VALUES (?)")) {
            s.execute(SqlResource.load("db/migration/" + script));
            record.setString(1, script);
            record.executeUpdate();
            c.commit();
            LOG.info("applied schema migration {}", script);
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("schema migration " + script + " failed: " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
