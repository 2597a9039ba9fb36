package io.tillstream.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillstream.job.TillstreamConfig;
import io.tillstream.local.GeneratedFile;
import io.tillstream.local.S3Uploads;
import io.tillstream.warehouse.SqlResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A savepoint taken by one build, with everything needed to restore it in a later one: the input
 * files read before it ({@code input/before}) and after it ({@code input/after}), the warehouse as
 * it stood when it was taken ({@code warehouse/}), the savepoint itself ({@code savepoint/}), and
 * the warehouse after its build finished the load from it ({@code expected/}, canonical). One file
 * after it repeats one before it: its lines are duplicates only if the dedupe state was restored. Fixtures
 * live in {@code src/test/resources/savepoints/<release>/}; see docs/operations.md for when to add
 * one and how.
 */
public final class SavepointFixture {
    private static final String PROPERTIES = "fixture.properties";
    /** Compared with the truth through a GROUP BY, not row by row: when a window was refreshed or marked final depends on timing. */
    private static final List<String> WINDOW_TABLES = List.of("product_sales_window");

    private final Path directory;
    private final Properties properties;

    private SavepointFixture(Path directory, Properties properties) {
        this.directory = directory;
        this.properties = properties;
    }

    public static SavepointFixture at(Path directory) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(directory.resolve(PROPERTIES))) {
            properties.load(in);
        }
        return new SavepointFixture(directory, properties);
    }

    public String release() {
        return properties.getProperty("release");
    }

    /**
     * Runs this build as a release would be run, and writes its fixture into {@code directory}: loads
     * the first files at parallelism 2, stops with a savepoint, restores it and loads the rest.
     */
    public static SavepointFixture generate(Path directory, String release) throws Exception {
        if (Files.exists(directory)) {
            throw new IllegalStateException(directory + " exists: a fixture, once committed, never changes");
        }
        TestStack stack = TestStack.get();
        String jdbcUrl = stack.newDatabase("fixture");
        Warehouse warehouse = new Warehouse(jdbcUrl);
        String prefix = "savepoint-fixture-" + release.replaceAll("[^A-Za-z0-9]", "-");
        TruthfulLoad load = TruthfulLoad.generate(37L, 2, 3, 30, prefix);
        List<GeneratedFile> files = load.files();
        List<GeneratedFile> before = files.subList(0, 4);
        List<GeneratedFile> after = new ArrayList<>(files.subList(4, files.size()));
        // all duplicates only if the dedupe state came back from the savepoint
        after.add(new GeneratedFile(
                "resent_" + before.get(0).name(), before.get(0).content()));
        write(directory.resolve("input/before"), before);
        write(directory.resolve("input/after"), after);
        Properties properties = new Properties();
        properties.setProperty("release", release);
        properties.setProperty("root", load.root());
        properties.setProperty("parallelism", "2");
        try (OutputStream out =
                Files.newOutputStream(Files.createDirectories(directory).resolve(PROPERTIES))) {
            properties.store(out, "savepoint fixture: see SavepointFixture and docs/operations.md");
        }
        SavepointFixture fixture = new SavepointFixture(directory, properties);

        Path savepoints = Files.createTempDirectory("fixture-savepoints-");
        String savepoint;
        try (RunningJob job = RunningJob.start(stack, fixture.config(jdbcUrl))) {
            fixture.upload(before);
            Await.until(
                    "the first files loaded",
                    () -> warehouse.count("SELECT count(*) FROM ingest_file WHERE complete"),
                    (long) before.size());
            savepoint = job.stopWithSavepoint(savepoints);
        }
        copyTree(Path.of(URI.create(savepoint)), directory.resolve("savepoint"));
        WarehouseDump.write(warehouse, directory.resolve("warehouse"));
        fixture.removeFromS3(before);

        fixture.finishLoad(stack, jdbcUrl, directory.resolve("savepoint"));
        List<String> compared = WarehouseDump.tables(warehouse).stream()
                .filter(table -> !WINDOW_TABLES.contains(table) && !table.equals("schema_migration"))
                .toList();
        WarehouseDump.writeCanonical(warehouse, compared, directory.resolve("expected"));
        return fixture;
    }

    /**
     * Restores this fixture with the current build into a new database: the warehouse as it stood
     * at the savepoint (schema by the migrations applied then, rows), the job from the savepoint,
     * the rest of the input; then checks every table.
     */
    public void restoreAndCheck() throws Exception {
        TestStack stack = TestStack.get();
        String jdbcUrl = stack.newDatabase("restore_" + release().replaceAll("[^A-Za-z0-9]", "_"));
        Warehouse warehouse = new Warehouse(jdbcUrl);
        try (Connection c = warehouse.connect();
                Statement s = c.createStatement()) {
            for (String script : appliedMigrations()) {
                s.execute(SqlResource.load("db/migration/" + script));
            }
            s.execute(SqlResource.load("sql/schema_migration.sql"));
        }
        WarehouseDump.load(warehouse, directory.resolve("warehouse"));

        finishLoad(stack, jdbcUrl, directory.resolve("savepoint"));

        assertEquals(List.of(), WarehouseDump.differences(warehouse, directory.resolve("expected")), "tables");
        assertEquals(List.of(), TruthfulLoad.windowMismatches(warehouse), "windows against a GROUP BY over sale_item");
        assertEquals(
                0,
                warehouse.count("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()"),
                "in-doubt XA transactions left behind");
    }

    /** Starts the job from {@code savepoint}, uploads the files after it, waits until the ledger and the windows are complete. */
    private void finishLoad(TestStack stack, String jdbcUrl, Path savepoint) throws Exception {
        Warehouse warehouse = new Warehouse(jdbcUrl);
        List<GeneratedFile> before = read(directory.resolve("input/before"));
        List<GeneratedFile> after = read(directory.resolve("input/after"));
        try (RunningJob job =
                RunningJob.start(stack, config(jdbcUrl), savepoint.toUri().toString())) {
            upload(after);
            Await.until(
                    "every file's ledger row complete",
                    () -> warehouse.count("SELECT count(*) FROM ingest_file WHERE complete"),
                    (long) (before.size() + after.size()),
                    Duration.ofMinutes(2));
            Await.until(
                    "closed windows equal to the truth",
                    () -> TruthfulLoad.windowMismatches(warehouse),
                    List.of(),
                    Duration.ofMinutes(2));
        }
    }

    private TillstreamConfig config(String jdbcUrl) {
        return TruthfulLoad.config(
                properties.getProperty("root"),
                jdbcUrl,
                Integer.parseInt(properties.getProperty("parallelism")),
                Map.of());
    }

    /** The scripts the warehouse had when the savepoint was taken, in the order they were applied. */
    private List<String> appliedMigrations() throws IOException {
        return Files.readAllLines(directory.resolve("warehouse/schema_migration.csv")).stream()
                .skip(1)
                .map(line -> line.substring(0, line.indexOf(',')))
                .sorted()
                .toList();
    }

    private void upload(List<GeneratedFile> files) throws IOException {
        for (GeneratedFile file : files) {
            S3Uploads.put(properties.getProperty("root") + file.name(), file.content());
        }
    }

    private void removeFromS3(List<GeneratedFile> files) throws IOException {
        for (GeneratedFile file : files) {
            org.apache.flink.core.fs.Path object =
                    new org.apache.flink.core.fs.Path(properties.getProperty("root") + file.name());
            object.getFileSystem().delete(object, false);
        }
    }

    /** Each file under its name prefixed with its place in the upload order ({@code 00_}). */
    private static void write(Path directory, List<GeneratedFile> files) throws IOException {
        Files.createDirectories(directory);
        for (int i = 0; i < files.size(); i++) {
            Files.write(
                    directory.resolve(String.format("%02d_%s", i, files.get(i).name())),
                    files.get(i).content());
        }
    }

    private static List<GeneratedFile> read(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted()
                    .map(f -> {
                        try {
                            return new GeneratedFile(f.getFileName().toString().substring(3), Files.readAllBytes(f));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
