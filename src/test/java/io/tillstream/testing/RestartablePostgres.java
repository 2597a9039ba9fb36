package io.tillstream.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL server of its own for a test that restarts it: stopped, and started again on the
 * same data directory and port, as after a crash or an upgrade of the server. Configured like the
 * shared one (prepared transactions on, enough connections).
 */
public final class RestartablePostgres implements AutoCloseable {
    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private RestartablePostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    public static RestartablePostgres start(Path dataDirectory) throws IOException {
        RestartablePostgres postgres = new RestartablePostgres(dataDirectory, TestStack.freePort());
        postgres.start();
        return postgres;
    }

    /** A new database on this server; returns its JDBC URL. */
    public String newDatabase(String name) throws SQLException {
        try (Connection c = server.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://localhost:" + port + "/" + name;
    }

    public void stop() throws IOException {
        server.close();
        server = null;
    }

    public void start() throws IOException {
        server = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("max_prepared_transactions", "64")
                .setServerConfig("max_connections", "200")
                .start();
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            stop();
        }
    }
}
