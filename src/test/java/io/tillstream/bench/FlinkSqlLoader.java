package io.tillstream.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * The obvious alternative to Tillstream: {@code flink_sql_loader.sql}, plain Flink SQL from the
 * till files to the same normalised tables, run as one batch job (the files are a bounded backlog)
 * on a MiniCluster in this JVM, as Tillstream is.
 */
final class FlinkSqlLoader {
    private static final String SCRIPT = "flink_sql_loader.sql";
    /**
     * Item positions tried per receipt: every receipt is joined with each position, so the bound
     * costs; the samples and the generator have at most 6 items, and the benchmark's count check
     * catches a longer basket.
     */
    static final int MAX_ITEMS = 10;

    private FlinkSqlLoader() {}

    /**
     * Loads every till file under {@code input} (an s3:// or file:// folder) into the migrated
     * database at {@code jdbcUrl}, as a job on {@code env}'s cluster at its parallelism; returns when
     * the job finished.
     */
    static void load(
            StreamExecutionEnvironment env,
            String input,
            String jdbcUrl,
            String user,
            String password,
            String timeZone,
            Duration timeout)
            throws Exception {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        StreamTableEnvironment tables = StreamTableEnvironment.create(env, EnvironmentSettings.inBatchMode());
        StatementSet inserts = tables.createStatementSet();
        for (String statement : statements(input, jdbcUrl, user, password, timeZone)) {
            if (statement.startsWith("INSERT")) {
                inserts.addInsertSql(statement);
            } else {
                tables.executeSql(statement);
            }
        }
        inserts.execute().await(timeout.toSeconds(), TimeUnit.SECONDS);
    }

    static String[] statements(String input, String jdbcUrl, String user, String password, String timeZone) {
        // stringtype=unspecified lets PostgreSQL cast the hashes to uuid; the connection's time
        // zone turns the till's local time into sold_at's instant
        String url = jdbcUrl + "?stringtype=unspecified&reWriteBatchedInserts=true&options=-c%20TimeZone%3D"
                + timeZone.replace("/", "%2F");
        Map<String, String> values = Map.of(
                "input", input,
                "positions",
                        IntStream.range(0, MAX_ITEMS)
                                .mapToObj(i -> "(" + i + ")")
                                .collect(Collectors.joining(", ", "VALUES ", "")),
                "max-items", Integer.toString(MAX_ITEMS - 1),
                "jdbc",
                        String.format(
                                "'connector' = 'jdbc', 'url' = '%s', 'username' = '%s', 'password' = '%s',"
                                        + " 'sink.buffer-flush.max-rows' = '1000'",
                                url, user, password));
        String script = script();
        for (Map.Entry<String, String> value : values.entrySet()) {
            script = script.replace("${" + value.getKey() + "}", value.getValue());
        }
        return Arrays.stream(script.split(";\\s*\n"))
                .map(s -> s.replaceAll("(?m)^\\s*--.*$", "").trim())
                .filter(s -> !s.isEmpty())
                .toArray(String[]::new);
    }

    private static String script() {
        try (InputStream in = FlinkSqlLoader.class.getResourceAsStream(SCRIPT)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
