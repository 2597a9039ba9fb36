package io.tillstream.testing;

import io.tillstream.local.EmbeddedWarehouse;
import io.tillstream.local.LocalFlink;
import io.tillstream.local.S3ProxyServer;
import io.tillstream.local.S3Uploads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
    /** System property: {@code true} loads pg_stat_statements, so a benchmark can say where PostgreSQL spent its time. */
    public static final String POSTGRES_STATEMENTS = "tillstream.postgres.statements";

    /** Far longer than a test checkpoint interval (see TestConfigs). */
    public static final String LEDGER_SETTLE = "3 s";

    private static TestStack instance;

    private final Path s3Directory;
    private final int s3Port;
    private S3ProxyServer s3;
    private final EmbeddedWarehouse postgres;
    private final Path checkpoints;
    private final AtomicInteger databases = new AtomicInteger();

    private TestStack(Path s3Directory, int s3Port, S3ProxyServer s3, EmbeddedWarehouse postgres, Path checkpoints) {
        this.s3Directory = s3Directory;
        this.s3Port = s3Port;
        this.s3 = s3;
        this.postgres = postgres;
        this.checkpoints = checkpoints;
    }

    public static synchronized TestStack get() throws Exception {
        if (instance == null) {
            Path s3Directory = Files.createTempDirectory("tillstream-s3-");
            int s3Port = freePort();
            S3ProxyServer s3 = S3ProxyServer.start(s3Directory, s3Port, BUCKET);
            EmbeddedWarehouse postgres = EmbeddedWarehouse.start(
                    0,
                    Boolean.getBoolean(DURABLE_POSTGRES)
                            ? EmbeddedWarehouse.Durability.DURABLE
                            : EmbeddedWarehouse.Durability.RELAXED,
                    Boolean.getBoolean(POSTGRES_STATEMENTS)
                            ? Map.of("shared_preload_libraries", "pg_stat_statements")
                            : Map.of());
            instance = new TestStack(
                    s3Directory, s3Port, s3, postgres, Files.createTempDirectory("tillstream-checkpoints-"));
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

    /** Where the jobs' checkpoints go: {@code <this>/<job id>/chk-<n>}. */
    public Path checkpoints() {
        return checkpoints;
    }

    /** The S3 endpoint goes away (connections refused) until {@link #startS3()}. */
    public synchronized void stopS3() throws InterruptedException {
        s3.close();
    }

    /** The S3 endpoint back on the same port, serving the same objects. */
    public synchronized void startS3() throws IOException {
        s3 = S3ProxyServer.start(s3Directory, s3Port, BUCKET);
    }

    public String s3Endpoint() {
        return s3.endpoint();
    }

    /**
     * Puts an object whose last-modified time is {@code modified}, as an upload that only became
     * visible long after it started would look (a slow multipart upload, a copy keeping its time).
     * S3Proxy's filesystem backend serves a bucket's directory and keeps an object's ETag in the
     * file's extended attributes: the object is uploaded under a staging key outside every test's
     * prefix, its time set on disk, then renamed into place at once, so no listing sees it with
     * any other time.
     */
    public void putModifiedAt(String key, byte[] content, Instant modified) throws IOException {
        String staging = "staging/" + UUID.randomUUID();
        S3Uploads.put("s3://" + BUCKET + "/" + staging, content);
        Path bucket = s3Directory.resolve("buckets").resolve(BUCKET);
        Path staged = bucket.resolve(staging);
        Files.setLastModifiedTime(staged, FileTime.from(modified));
        Path target = bucket.resolve(key);
        Files.createDirectories(target.getParent());
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
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

    /**
     * Drops a database made by {@link #newDatabase}, with any transaction a cancelled job left
     * prepared in it (PostgreSQL refuses to drop a database that has one).
     */
    public void dropDatabase(String jdbcUrl) throws SQLException {
        Warehouse warehouse = new Warehouse(jdbcUrl);
        for (List<String> prepared :
                warehouse.rows("SELECT gid FROM pg_prepared_xacts WHERE database = current_database()")) {
            warehouse.execute("ROLLBACK PREPARED '" + prepared.get(0) + "'");
        }
        try (Connection c = postgres.connect();
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE " + jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1) + " WITH (FORCE)");
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void close() {
        try (S3ProxyServer stopS3 = s3;
                EmbeddedWarehouse stopPostgres = postgres) {
            // both closed, even if one fails
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
