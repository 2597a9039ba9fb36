package io.tillstream.testing;

import io.tillstream.local.EmbeddedWarehouse;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the warehouse the way an analyst would: plain SQL over a fresh connection. */
public final class Warehouse {
    private final String jdbcUrl;

    public Warehouse(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, EmbeddedWarehouse.USER, EmbeddedWarehouse.PASSWORD);
    }

    public void execute(String sql) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    public long count(String sql) throws SQLException {
        return single(sql, rs -> rs.getLong(1));
    }

    public BigDecimal decimal(String sql) throws SQLException {
        return single(sql, rs -> rs.getBigDecimal(1));
    }

    /** The query's rows as (first column → second column). */
    public <V> Map<String, V> map(String sql, Class<V> valueType) throws SQLException {
        Map<String, V> rows = new HashMap<>();
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getObject(2, valueType));
            }
        }
        return rows;
    }

    public List<List<String>> rows(String sql) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            return rows(s, sql);
        }
    }

    /** The query's rows as text, on a statement the caller has set up (search path, role). */
    public static List<List<String>> rows(Statement s, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * Every occurrence of any of {@code secrets} in any column of any table in the public schema,
     * each row read as text: what a leak of PII into the warehouse would look like.
     */
    public List<String> findAnywhere(Set<String> secrets) throws SQLException {
        List<String> hits = new ArrayList<>();
        for (List<String> table :
                rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
            for (List<String> row : rows("SELECT t::text FROM \"" + table.get(0) + "\" t")) {
                for (String secret : secrets) {
                    if (row.get(0).contains(secret)) {
                        hits.add(table.get(0) + ": " + secret);
                    }
                }
            }
        }
        return hits;
    }

    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T single(String sql, Column<T> column) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row from " + sql);
            }
            return column.read(rs);
        }
    }
}
