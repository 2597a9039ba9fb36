package io.tillstream.warehouse;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillstream.local.EmbeddedWarehouse;
import io.tillstream.testing.TestStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * grafana_reader reads exactly the relations the dashboard and its alert rules query, on both
 * warehouses Tillstream runs on: the compose one, where postgres/roles.sql made the roles and the
 * job is an unprivileged role owning its schema, and the local runner's, where the job is the
 * superuser. New panel, new relation: add it to sql/grafana_grants.sql, and this test agrees.
 */
class GrafanaReaderGrantsTest {
    private static final Path DASHBOARDS = Path.of("grafana/dashboards");
    private static final Path ALERT_RULES = Path.of("grafana/provisioning/alerting/tillstream.yaml");
    private static final Path ROLES = Path.of("postgres/roles.sql");
    private static final String JOB = "tillstream";
    private static final String JOB_PASSWORD = "job-role-password";
    private static final String READER = "grafana_reader";
    private static final String READER_PASSWORD = "reader-role-password";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String READ_ONLY_TRANSACTION = "25006";
    private static final String RELATIONS =
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'm', 'p')";

    /** Its own server: roles.sql creates cluster-wide roles, as on a new compose volume. */
    private static EmbeddedWarehouse server;

    @BeforeAll
    static void startAServerOfItsOwn() throws Exception {
        server = EmbeddedWarehouse.start(0);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void composeWarehouseGivesEachRoleOnlyWhatItNeeds() throws Exception {
        try (Connection superuser = server.connect();
                Statement s = superuser.createStatement()) {
            s.execute("CREATE DATABASE tillstream");
        }
        String url = "jdbc:postgresql://localhost:" + server.port() + "/tillstream";
        try (Connection superuser =
                        DriverManager.getConnection(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD);
                Statement s = superuser.createStatement()) {
            s.execute(asPsqlRunsIt(Files.readString(ROLES)));
        }
        // what the job's main() does at start, as the job's role
        SchemaMigrations.apply(url, JOB, JOB_PASSWORD);
        GrafanaRole.grantDashboardReads(url, JOB, JOB_PASSWORD);

        try (Connection job = DriverManager.getConnection(url, JOB, JOB_PASSWORD);
                Connection reader = DriverManager.getConnection(url, READER, READER_PASSWORD)) {
            assertAll(
                    "roles",
                    () -> assertEquals("tillstream", single(job, "SELECT current_schema()")),
                    () -> assertEquals(
                            "0",
                            single(
                                    job,
                                    "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                                            + " WHERE c.relkind IN ('r', 'v') AND (n.nspname = 'public'"
                                            + " OR (n.nspname = 'tillstream' AND pg_get_userbyid(c.relowner) <> 'tillstream'))"),
                            "every relation in the job's schema, owned by the job's role"),
                    () -> assertEquals(
                            "f f f",
                            single(
                                    job,
                                    "SELECT concat_ws(' ', rolsuper, rolcreaterole, rolcreatedb) FROM pg_roles"
                                            + " WHERE rolname = current_user")),
                    () -> assertDenied(job, "CREATE SCHEMA elsewhere", INSUFFICIENT_PRIVILEGE),
                    () -> assertDenied(job, "CREATE TABLE public.elsewhere (i int)", INSUFFICIENT_PRIVILEGE),
                    () -> assertEquals("30s", single(reader, "SHOW statement_timeout")),
                    () -> assertEquals("0", single(reader, "SELECT count(*) FROM sale")),
                    () -> assertDenied(reader, "SELECT count(*) FROM sale_item", INSUFFICIENT_PRIVILEGE),
                    () -> assertDenied(reader, "SELECT count(*) FROM schema_migration", INSUFFICIENT_PRIVILEGE),
                    () -> assertDenied(reader, "DELETE FROM sale", READ_ONLY_TRANSACTION),
                    () -> assertEquals(dashboardRelations(job), granted(job), "grafana_reader's grants"));
        }
    }

    @Test
    void localWarehouseGrantsTheSameAndRevokesAnythingElseAtEveryStart() throws Exception {
        String url = TestStack.get().newDatabase("grants");
        SchemaMigrations.apply(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD);
        GrafanaRole.grantDashboardReads(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD);
        try (Connection owner = DriverManager.getConnection(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD);
                Statement s = owner.createStatement()) {
            Set<String> expected = dashboardRelations(owner);
            assertEquals(expected, granted(owner), "after the migrations (V3 granted every table)");

            s.execute("GRANT SELECT ON sale_item, schema_migration TO " + READER);
            GrafanaRole.grantDashboardReads(url, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD);
            assertEquals(expected, granted(owner), "a grant outside the list is gone at the next start");
        }
    }

    /** The relations that the dashboards' and alert rules' SQL name after FROM or JOIN. */
    private static Set<String> dashboardRelations(Connection c) throws Exception {
        StringBuilder sql = new StringBuilder(Files.readString(ALERT_RULES));
        ObjectMapper json = new ObjectMapper();
        try (var files = Files.list(DASHBOARDS)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode dashboard = json.readTree(file.toFile());
                dashboard.findValues("rawSql").forEach(node -> sql.append('\n').append(node.asText()));
                for (JsonNode variable : dashboard.path("templating").path("list")) {
                    sql.append('\n').append(variable.path("query").asText());
                }
            }
        }
        Set<String> named = new TreeSet<>();
        Matcher m =
                Pattern.compile("(?i)\\b(?:FROM|JOIN)\\s+([a-z_][a-z0-9_]*)").matcher(sql);
        while (m.find()) {
            named.add(m.group(1).toLowerCase());
        }
        Set<String> relations = new TreeSet<>(column(c, RELATIONS));
        relations.retainAll(named); // CTEs and extract(… FROM …) are no relations
        assertFalse(relations.isEmpty(), "no relation found in the dashboards' SQL");
        return relations;
    }

    private static Set<String> granted(Connection c) throws SQLException {
        return new TreeSet<>(column(c, RELATIONS + " AND has_table_privilege('" + READER + "', c.oid, 'SELECT')"));
    }

    /** roles.sql as psql runs it, with the passwords compose passes as variables. */
    private static String asPsqlRunsIt(String script) {
        String sql = script.replace(":'job_password'", "'" + JOB_PASSWORD + "'")
                .replace(":'reader_password'", "'" + READER_PASSWORD + "'");
        assertFalse(sql.contains(":'"), "a psql variable this test does not set");
        return sql;
    }

    private static void assertDenied(Connection c, String sql, String state) {
        SQLException e = assertThrows(SQLException.class, () -> single(c, sql), sql);
        assertEquals(state, e.getSQLState(), sql + ": " + e.getMessage());
    }

    private static String single(Connection c, String sql) throws SQLException {
        List<String> values = column(c, sql);
        return values.isEmpty() ? null : values.get(0);
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            if (s.execute(sql)) {
                try (ResultSet rs = s.getResultSet()) {
                    while (rs.next()) {
                        values.add(rs.getString(1));
                    }
                }
            }
        }
        return values;
    }
}
