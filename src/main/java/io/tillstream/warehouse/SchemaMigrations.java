package io.tillstream.warehouse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned scripts listed in {@code db/migrations.txt}, each once and in order, each
 * in its own transaction (PostgreSQL DDL is transactional). Called once by the job's main() before
 * the pipeline is submitted, never from parallel tasks; an advisory lock still serialises two
 * submissions racing each other.
 *
 * <p>Each applied script's SHA-256 is recorded. A script edited after it was applied, or a
 * warehouse migrated by a newer build than this one, stops the job before it touches anything:
 * the schema would not be the one this build's statements were written for. A warehouse migrated
 * before checksums were recorded gets them filled in from this build's scripts.
 */
public final class SchemaMigrations {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
    private static final String INDEX = "db/migrations.txt";
    private static final String MIGRATIONS = "db/migration/";
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
                List<String> scripts = scripts();
                Map<String, String> recorded = recorded(c);
                verify(scripts, recorded);
                for (String script : scripts) {
                    if (!recorded.containsKey(script)) {
                        run(c, script);
                        applied.add(script);
                    } else if (recorded.get(script) == null) {
                        recordChecksum(c, script);
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

    /** Applied scripts and their checksums (null where recorded before checksums existed). */
    private static Map<String, String> recorded(Connection c) throws SQLException {
        Map<String, String> recorded = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT script, checksum FROM schema_migration ORDER BY script")) {
            while (rs.next()) {
                recorded.put(rs.getString(1), rs.getString(2));
            }
        }
        return recorded;
    }

    private static void verify(List<String> scripts, Map<String, String> recorded) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> applied : recorded.entrySet()) {
            String script = applied.getKey();
            if (!scripts.contains(script)) {
                problems.add(script + " was applied to the warehouse but is unknown to this build:"
                        + " the warehouse was migrated by a newer build");
            } else if (applied.getValue() != null && !applied.getValue().equals(checksum(script))) {
                problems.add(script + " was changed after it was applied (applied " + applied.getValue() + ", now "
                        + checksum(script) + "): restore it and put the change in a new script");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "schema migrations do not match the warehouse:\n  - " + String.join("\n  - ", problems));
        }
    }

    static String checksum(String script) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(SqlResource.load(MIGRATIONS + script).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void recordChecksum(Connection c, String script) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE schema_migration SET checksum = ? WHERE script = ?")) {
            ps.setString(1, checksum(script));
            ps.setString(2, script);
            ps.executeUpdate();
        }
        LOG.info("recorded the checksum of schema migration {}, applied before checksums were kept", script);
    }

    private static void run(Connection c, String script) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement();
                PreparedStatement record =
                        c.prepareStatement("INSERT INTO schema_migration (script, checksum) VALUES (?, ?)")) {
            s.execute(SqlResource.load(MIGRATIONS + script));
            record.setString(1, script);
            record.setString(2, checksum(script));
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
