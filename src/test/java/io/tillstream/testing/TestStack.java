package io.tillstream.testing;

import io.tillstream.local.EmbeddedWarehouse;
import io.tillstream.local.LocalFlink;
import io.tillstream.local.S3ProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;

/**
 * The real parts the integration tests share: one S3 server over HTTP and one PostgreSQL server,
 * started once per test JVM. Tests isolate themselves by bucket prefix and by database.
 */
public final class TestStack {
    public static final String BUCKET = "tills";
    /** System property: {@code true} runs PostgreSQL with fsync and synchronous commit (the benchmark). */
    public static final String DURABLE_POSTGRES = "tillstream.postgres.durable";

    /** Far longer than a test checkpoint interval (see TestConfigs). */
    public static final String LEDGER_SETTLE = "3 s";

    private static TestStack instance;

    private final S3ProxyServer s3;
    private final EmbeddedWarehouse postgres;
    private final Path checkpoints;
    private final AtomicInteger databases = new AtomicInteger();

    private TestStack(S3ProxyServer s3, EmbeddedWarehouse postgres, Path checkpoints) {
        this.s3 = s3;
        this.postgres = postgres;
        this.checkpoints = checkpoints;
    }

    public static synchronized TestStack get() throws Exception {
        if (instance == null) {
            S3ProxyServer s3 = S3ProxyServer.start(Files.createTempDirectory("tillstream-s3-"), freePort(), BUCKET);
            EmbeddedWarehouse postgres = EmbeddedWarehouse.start(
                    0,
                    Boolean.getBoolean(DURABLE_POSTGRES)
                            ? EmbeddedWarehouse.Durability.DURABLE
                            : EmbeddedWarehouse.Durability.RELAXED);
            instance = new TestStack(s3, postgres, Files.createTempDirectory("tillstream-checkpoints-"));
            LocalFlink.initialiseFileSystems(instance.flinkConfiguration());
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close));
        }
        return instance;
    }

    /** Flink settings for a job in this JVM: the S3 server, and a REST port of its own. */
    public Configuration flinkConfiguration() {
        Configuration conf = LocalFlink.configuration(s3.endpoint(), freePort(), checkpoints);
        conf.setString("metrics.fetcher.update-interval", "500ms");
        return conf;
    }

    public String s3Endpoint() {
        return s3.endpoint();
    }

    /**
     * A fresh, empty database on the shared server; returns its JDBC URL. Its ledger settles after
     * {@link #LEDGER_SETTLE} rather than a minute (docs/ledger.md), so tests need not wait long to
     * see duplicates that only the warehouse found.
     */
    public String newDatabase(String prefix) throws SQLException {
        String name = prefix + "_" + databases.incrementAndGet();
        try (Connection c = postgres.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
            s.execute("ALTER DATABASE " + name + " SET tillstream.ledger_settle = '" + LEDGER_SETTLE + "'");
        }
        return "jdbc:postgresql://localhost:" + postgres.port() + "/" + name;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void close() {
        try (S3ProxyServer stopS3 = s3;
                EmbeddedWarehouse stopPostgres = postgres) {
            // both closed, even if one fails
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
