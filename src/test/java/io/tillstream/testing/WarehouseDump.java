package io.tillstream.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * Every table of a warehouse as CSV files, one per table: written whole (to be loaded into another
 * warehouse), or canonical (sorted, without the columns that record when something happened or
 * how often a window fired, which differ from run to run) to compare two warehouses' contents.
 */
public final class WarehouseDump {
    /** Columns that depend on the wall clock or on timing, not on the data. */
    private static final Set<String> VOLATILE = Set.of(
            "loaded_at",
            "rejected_at",
            "uploaded_at",
            "first_seen",
            "updated_at",
            "recorded_at",
            "applied_at",
            "firings");

    private WarehouseDump() {}

    public static List<String> tables(Warehouse warehouse) throws Exception {
        return warehouse
                .rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                        + " AND table_type = 'BASE TABLE' ORDER BY 1")
                .stream()
                .map(row -> row.get(0))
                .toList();
    }

    /** Each table whole, with a header, into {@code <directory>/<table>.csv}. */
    public static void write(Warehouse warehouse, Path directory) throws Exception {
        Files.createDirectories(directory);
        try (Connection c = warehouse.connect()) {
            CopyManager copy = c.unwrap(BaseConnection.class).getCopyAPI();
            for (String table : tables(warehouse)) {
                try (Writer out = Files.newBufferedWriter(directory.resolve(table + ".csv"), StandardCharsets.UTF_8)) {
                    copy.copyOut("COPY " + table + " TO STDOUT (FORMAT csv, HEADER)", out);
                }
            }
        }
    }

    /** Loads every {@code <table>.csv} of {@code directory} into the table of that name, by its header's columns. */
    public static void load(Warehouse warehouse, Path directory) throws Exception {
        try (Connection c = warehouse.connect()) {
            CopyManager copy = c.unwrap(BaseConnection.class).getCopyAPI();
            for (Path file : csvFiles(directory)) {
                String table = file.getFileName().toString().replace(".csv", "");
                String header = Files.readAllLines(file, StandardCharsets.UTF_8).get(0);
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    copy.copyIn("COPY " + table + " (" + header + ") FROM STDIN (FORMAT csv, HEADER)", in);
                }
            }
        }
    }

    /** {@code tables}, canonical, into {@code <directory>/<table>.csv}. */
    public static void writeCanonical(Warehouse warehouse, List<String> tables, Path directory) throws Exception {
        Files.createDirectories(directory);
        for (String table : tables) {
            List<String> columns = warehouse
                    .rows("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'"
                            + " AND table_name = '" + table + "' ORDER BY ordinal_position")
                    .stream()
                    .map(row -> row.get(0))
                    .filter(column -> !VOLATILE.contains(column))
                    .toList();
            Files.write(
                    directory.resolve(table + ".csv"), canonical(warehouse, table, columns), StandardCharsets.UTF_8);
        }
    }

    /**
     * The tables of {@code directory}'s canonical dump that differ in {@code warehouse}, with their
     * first differing rows; empty when all are equal. Only the dump's columns are compared, so a
     * later build may add columns.
     */
    public static List<String> differences(Warehouse warehouse, Path directory) throws Exception {
        List<String> differences = new ArrayList<>();
        for (Path file : csvFiles(directory)) {
            String table = file.getFileName().toString().replace(".csv", "");
            List<String> expected = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> actual =
                    canonical(warehouse, table, Arrays.asList(expected.get(0).split(",")));
            if (!expected.equals(actual)) {
                differences.add(table + ": expected " + (expected.size() - 1) + " rows, found " + (actual.size() - 1)
                        + "; first difference at line "
                        + IntStream.range(0, Math.min(expected.size(), actual.size()))
                                .filter(i -> !expected.get(i).equals(actual.get(i)))
                                .findFirst()
                                .stream()
                                .mapToObj(i -> (i + 1) + ": expected " + expected.get(i) + ", found " + actual.get(i))
                                .findFirst()
                                .orElse("(one is a prefix of the other)"));
            }
        }
        return differences;
    }

    private static List<String> canonical(Warehouse warehouse, String table, List<String> columns) throws Exception {
        String list = String.join(",", columns);
        String order = IntStream.rangeClosed(1, columns.size())
                .mapToObj(Integer::toString)
                .collect(Collectors.joining(","));
        List<String> lines = new ArrayList<>();
        lines.add(list);
        try (Connection c = warehouse.connect();
                Statement s = c.createStatement();
                StringWriter out = new StringWriter()) {
            // the JDBC driver sets the session's zone from the JVM's: text must not depend on the machine
            s.execute("SET TimeZone = 'UTC'");
            c.unwrap(BaseConnection.class)
                    .getCopyAPI()
                    .copyOut(
                            "COPY (SELECT " + list + " FROM " + table + " ORDER BY " + order
                                    + ") TO STDOUT (FORMAT csv)",
                            out);
            out.toString().lines().forEach(lines::add);
        }
        return lines;
    }

    private static List<Path> csvFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".csv")).sorted().toList();
        }
    }
}
