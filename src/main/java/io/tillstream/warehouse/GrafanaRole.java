package io.tillstream.warehouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Lets the SELECT-only role {@code grafana_reader} (created by the migrations) log in with the
 * configured password. The password lives in configuration, not in a migration script.
 */
public final class GrafanaRole {
    private GrafanaRole() {}

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
