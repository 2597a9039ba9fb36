package io.tillstream.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server (binaries from Maven Central, no Docker) set up for the XA sinks:
 * prepared transactions enabled, and enough connections for every sink's parallel writers.
 */
public final class EmbeddedWarehouse implements AutoCloseable {
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    public static final String DATABASE = "postgres";
    static final String MAX_PREPARED_TRANSACTIONS = "64";
    static final String MAX_CONNECTIONS = "200";

    private final EmbeddedPostgres postgres;

    private EmbeddedWarehouse(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** How much a commit costs: whether it waits for the write-ahead log to reach the disk. */
    public enum Durability {
        /** The embedded server's defaults (no fsync, asynchronous commit): fast tests and demos. */
        RELAXED,
        /** As a production warehouse runs: every commit is flushed to disk before it returns. */
        DURABLE
    }

    /** Starts on {@code port}, or on a free port when it is 0, with relaxed durability. */
    public static EmbeddedWarehouse start(int port) throws IOException {
        return start(port, Durability.RELAXED);
    }

    public static EmbeddedWarehouse start(int port, Durability durability) throws IOException {
        return start(port, durability, Map.of());
    }

    /** @param settings further server settings, e.g. to load an extension for a profile */
    public static EmbeddedWarehouse start(int port, Durability durability, Map<String, String> settings)
            throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("max_prepared_transactions", MAX_PREPARED_TRANSACTIONS)
                .setServerConfig("max_connections", MAX_CONNECTIONS);
        if (durability == Durability.DURABLE) {
            builder.setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
        }
        settings.forEach(builder::setServerConfig);
        if (port > 0) {
            builder.setPort(port);
        }
        return new EmbeddedWarehouse(builder.start());
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
    }

    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    public Connection connect() throws SQLException {
        return dataSource().getConnection();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
