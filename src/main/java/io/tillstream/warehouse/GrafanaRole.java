package io.tillstream.warehouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The warehouse role {@code grafana_reader}, which the dashboard logs in as. */
public final class GrafanaRole {
    private GrafanaRole() {}

    /**
     * Grants it the relations the dashboard reads, and revokes any other (sql/grafana_grants.sql).
     * Run at every start, after the migrations, so the list in that file is always what holds.
     */
    public static void grantDashboardReads(String jdbcUrl, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(SqlResource.load("sql/grafana_grants.sql"));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Lets it log in with {@code grafanaPassword}, where the job's user may manage roles (the local
     * runner's superuser). The compose warehouse sets the password once, in postgres/roles.sql.
     */
    public static void allowLogin(String jdbcUrl, String user, String password, String grafanaPassword)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement render = c.prepareStatement(SqlResource.load("sql/grafana_login.sql"))) {
            render.setString(1, grafanaPassword);
            try (ResultSet rs = render.executeQuery();
                    Statement alter = c.createStatement()) {
                rs.next();
                alter.execute(rs.getString(1));
            }
        }
    }
}
